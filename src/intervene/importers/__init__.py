"""Bulk loaders for published formats: Ofsted's outcomes workbook and Open Contracting JSON."""
