"""Exports: tables of the current view (CSV, XLSX) and maps."""
