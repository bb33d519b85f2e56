"""Library behind the Streamlit app: data access, queries, chart builders, exports.

Pages in app_pages/ only describe the UI; they call into this package.
"""
