"""The shared workbook writer toolkit (xlsxwriter) and Excel A1 addresses."""
