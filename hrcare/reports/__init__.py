"""Executive reports: the PDF (and Excel workbook) executives take to the board.

``content`` decides what the report says from the loss services and the published survey
figures (``sources``: one adapter), ``charts`` draws SVG, ``pdf`` renders with WeasyPrint
fetching bundled assets only, ``build`` ties them together for the job (``tasks``), the
command line (``cli``) and the benchmark; ``services`` requests reports (one per distinct
set of inputs) and stores them in the file store; ``views`` shows progress and history.
"""
