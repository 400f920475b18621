"""The monthly report as a PDF, with fpdf2 (pure Python, from PyPI alone: decision 0010).

fpdf2's built-in fonts cover Latin-1, which Indonesian needs; the few typographic signs outside
it ("≥", "–", curly quotes) are written in their ASCII forms, so no font file has to ship."""

from fpdf import FPDF

from sigap.dashboards.queries import Table

ASCII = str.maketrans({"≥": ">=", "≤": "<=", "–": "-", "—": "-", "“": '"', "”": '"', "’": "'"})
BLUE = (31, 95, 153)


def clean(text: str) -> str:
    return str(text).translate(ASCII).encode("latin-1", "replace").decode("latin-1")


class ReportPDF(FPDF):
    def __init__(self, footer_text: str):
        super().__init__(format="A4")
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(110)
        self.cell(0, 6, clean(f"{self.footer_text} - {self.page_no()}"), align="C")

    def title_block(self, title: str, subtitle: str, note: str) -> None:
        self.add_page()
        self.set_font("Helvetica", "B", 16)
        self.set_text_color(*BLUE)
        self.multi_cell(0, 8, clean(title), new_x="LMARGIN", new_y="NEXT")
        self.set_font("Helvetica", size=11)
        self.set_text_color(40)
        self.multi_cell(0, 6, clean(subtitle), new_x="LMARGIN", new_y="NEXT")
        self.ln(2)
        self.set_font("Helvetica", "I", 9)
        self.multi_cell(0, 5, clean(note), new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def table_with_bars(self, table: Table, empty: str) -> None:
        """A heading, then one line per row: label, count, and a bar when the count is exact."""
        rows = table.cells
        if self.get_y() + 12 + 6 * max(len(rows), 1) > self.h - 20:
            self.add_page()
        self.set_font("Helvetica", "B", 11)
        self.set_text_color(*BLUE)
        self.cell(0, 7, clean(table.title), new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(30)
        self.set_font("Helvetica", size=9)
        if not rows:
            self.cell(0, 6, clean(empty), new_x="LMARGIN", new_y="NEXT")
        exact = [
            n for (_label, n), (_l, shown) in zip(table.rows, rows, strict=True) if shown.isdigit()
        ]
        top = max(exact, default=0) or 1
        for (label, n), (_l, shown) in zip(table.rows, rows, strict=True):
            self.cell(85, 6, clean(label)[:60])
            self.cell(20, 6, clean(shown), align="R")
            if shown.isdigit() and n:
                self.set_fill_color(*BLUE)
                self.rect(self.get_x() + 4, self.get_y() + 1.5, 70 * n / top, 3, style="F")
            self.ln(6)
        if table.note:
            self.set_font("Helvetica", "I", 8)
            self.cell(0, 5, clean(table.note), new_x="LMARGIN", new_y="NEXT")
        self.ln(3)

    def area_table(self, header: list[str], rows: list[list[str]]) -> None:
        self.add_page()
        widths = [25, 65] + [22] * (len(header) - 2)
        self.set_font("Helvetica", "B", 9)
        for width, text in zip(widths, header, strict=False):
            self.cell(width, 7, clean(text)[:30], border="B")
        self.ln(7)
        self.set_font("Helvetica", size=9)
        for row in rows:
            for n, (width, text) in enumerate(zip(widths, row, strict=False)):
                self.cell(width, 6, clean(text)[:40], align="R" if n > 1 else "L")
            self.ln(6)
