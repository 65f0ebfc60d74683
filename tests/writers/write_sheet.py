#!/usr/bin/env python3
"""Writes generated customer sheets through real third-party writers.

The differential import harness (crates/tierdesk-api/tests/api/differential.rs)
generates sheets with known content and needs them written the way other
programs write them, not the way TierDesk would. This script is its bridge to
Python's own writers: the standard `csv` module (CR LF line endings unless told
otherwise), `openpyxl` and `XlsxWriter`. Nothing else is used, so the files are
exactly what those libraries produce.

Usage: write_sheet.py SPEC.json

SPEC.json: {"jobs": [{"path": ..., "writer": ..., "sheet": ...}], "sheets": {sheet
id: {"headers": [...], "rows": [[cell, ...], ...]}}}. A cell is {"t": text} and,
for the spreadsheet writers, optionally {"n": number} or {"d": "YYYY-MM-DD"}:
a native number or date cell instead of the text. CSV writers always write the
text. Writers: csv_crlf, csv_lf, csv_bom, csv_gbk, openpyxl, xlsxwriter.
"""

import csv
import datetime
import json
import sys

import openpyxl
import xlsxwriter


def write_csv(path, sheet, encoding, lineterminator):
    # newline="" hands line endings to the csv module, as its documentation
    # asks: the terminator between records is then exactly the one given, and
    # line breaks inside quoted cells are written as they are.
    with open(path, "w", encoding=encoding, newline="") as f:
        w = csv.writer(f, lineterminator=lineterminator)
        w.writerow(sheet["headers"])
        for row in sheet["rows"]:
            w.writerow([c["t"] for c in row])


def native(cell):
    if "n" in cell:
        return cell["n"]
    if "d" in cell:
        return datetime.date.fromisoformat(cell["d"])
    return cell["t"]


def write_openpyxl(path, sheet):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "客户"
    ws.append(sheet["headers"])
    for i, row in enumerate(sheet["rows"], start=2):
        for j, cell in enumerate(row, start=1):
            value = native(cell)
            if value == "":
                continue
            c = ws.cell(row=i, column=j)
            # Assigning a str that starts with "=" would make a formula; the
            # generator writes none, and data_type "s" keeps any text text.
            c.value = value
            if isinstance(value, str):
                c.data_type = "s"
            elif isinstance(value, datetime.date):
                c.number_format = "yyyy-mm-dd"
    wb.save(path)


def write_xlsxwriter(path, sheet):
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("客户")
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    for j, h in enumerate(sheet["headers"]):
        ws.write_string(0, j, h)
    for i, row in enumerate(sheet["rows"], start=1):
        for j, cell in enumerate(row):
            value = native(cell)
            # The typed calls, not write(): write() turns text that starts
            # with "=" into a formula and could be told to turn numeric text
            # into numbers, and the harness must know what each cell holds.
            if isinstance(value, str):
                if value != "":
                    ws.write_string(i, j, value)
            elif isinstance(value, datetime.date):
                ws.write_datetime(i, j, value, date_format)
            else:
                ws.write_number(i, j, value)
    wb.close()


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        spec = json.load(f)
    for job in spec["jobs"]:
        sheet = spec["sheets"][job["sheet"]]
        writer, path = job["writer"], job["path"]
        if writer == "csv_crlf":
            write_csv(path, sheet, "utf-8", "\r\n")
        elif writer == "csv_lf":
            write_csv(path, sheet, "utf-8", "\n")
        elif writer == "csv_bom":
            write_csv(path, sheet, "utf-8-sig", "\r\n")
        elif writer == "csv_gbk":
            write_csv(path, sheet, "gbk", "\r\n")
        elif writer == "openpyxl":
            write_openpyxl(path, sheet)
        elif writer == "xlsxwriter":
            write_xlsxwriter(path, sheet)
        else:
            sys.exit("unknown writer: " + writer)


if __name__ == "__main__":
    main()
