"""The team's view in the browser (`intervene serve`, on Datasette): the canned queries, the
metadata and the plugin that shows sources as links. Nothing here writes."""
