#!/usr/bin/python3
"""Charts fit for a paper: runs HE-Mult and three sweeps, then checks every charts/*.svg they write
(one per chart of report.html and sweep.html): valid XML, no two text boxes overlapping (a box
estimated from the font size: 0.6 em a character, 1 em high, rotation applied), a colour bar on
every heat map, every colour explained inside the SVG itself (a chart exported on its own must
read without the page around it), line charts of the sweeps, and a PDF beside each SVG where
rsvg-convert is installed. The overlap and legend checks are first run on charts made to fail.

Usage: check_charts.py HESA_BINARY (from the source root)."""
import glob
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"


def text_boxes(root):
    """Every non-empty <text> as (label, corners) with corners in the SVG's user space."""
    out = []

    def walk(node, size):
        size = float(node.get("font-size", size))
        if node.tag == SVG + "text":
            label = "".join(node.itertext()).strip()
            if label:
                out.append((label, corners(node, label, size)))
            return
        for child in node:
            walk(child, size)

    walk(root, 16)
    return out


def corners(node, label, size):
    x, y = float(node.get("x", 0)), float(node.get("y", 0))
    w, h = 0.6 * size * len(label), size
    anchor = node.get("text-anchor", "start")
    x0 = x - (w if anchor == "end" else w / 2 if anchor == "middle" else 0)
    pts = [(x0, y - 0.8 * h), (x0 + w, y - 0.8 * h), (x0 + w, y + 0.2 * h), (x0, y + 0.2 * h)]
    # Shrunk by half a pixel a side: text that only touches is not an overlap.
    cx, cy = x0 + w / 2, y - 0.3 * h
    pts = [(px + (0.5 if px < cx else -0.5), py + (0.5 if py < cy else -0.5)) for px, py in pts]
    m = re.match(r"\s*rotate\(\s*([-\d.]+)(?:[\s,]+([-\d.]+)[\s,]+([-\d.]+))?\s*\)",
                 node.get("transform", ""))
    if m:
        a = math.radians(float(m.group(1)))
        ox, oy = (float(m.group(2)), float(m.group(3))) if m.group(2) else (0.0, 0.0)
        pts = [(ox + (px - ox) * math.cos(a) - (py - oy) * math.sin(a),
                oy + (px - ox) * math.sin(a) + (py - oy) * math.cos(a)) for px, py in pts]
    return pts


def overlap(p, q):
    """Separating axis test for two convex quadrilaterals."""
    for poly in (p, q):
        for i in range(4):
            (x1, y1), (x2, y2) = poly[i], poly[(i + 1) % 4]
            nx, ny = y2 - y1, x1 - x2
            a = [nx * x + ny * y for x, y in p]
            b = [nx * x + ny * y for x, y in q]
            if max(a) <= min(b) or max(b) <= min(a):
                return False
    return True


def colour_of(node):
    fill = node.get("fill", "")
    return fill if fill and fill != "none" else node.get("stroke", "")


def unexplained_colours(root):
    """Colours of data marks (a rect, polygon or circle with a <title>) that nothing in the SVG
    names: none of them when the chart uses one colour or has a colour bar; else each needs a
    swatch of its colour in a <g class="legend">, or the series its marks are titled with
    ("NAME: value" or "NAME on unit") written as a text of its own (a labelled row)."""
    groups = {e.get("class") for e in root.iter(SVG + "g")}
    if "colour-bar" in groups:
        return []
    marks = {}
    for e in root.iter():
        if e.tag not in (SVG + "rect", SVG + "polygon", SVG + "circle"):
            continue
        title = e.find(SVG + "title")
        if title is None:
            continue
        marks.setdefault(colour_of(e), []).append("".join(title.itertext()))
    if len(marks) < 2:
        return []
    swatches = set()
    for g in root.iter(SVG + "g"):
        if g.get("class") == "legend":
            swatches |= {colour_of(e) for e in g.iter() if e.tag != SVG + "text"}
    texts = {"".join(t.itertext()).strip() for t in root.iter(SVG + "text")}

    def named(title):
        m = re.match(r"(.+?)(?:: | on )", title)
        return m is not None and m.group(1) in texts

    return sorted(c for c, titles in marks.items()
                  if c not in swatches and not all(named(t) for t in titles))


def problems(path):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        return [f"not XML: {e}"]
    if root.tag != SVG + "svg":
        return ["not an SVG document"]
    out = []
    boxes = text_boxes(root)
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            if overlap(boxes[i][1], boxes[j][1]):
                out.append(f"text {boxes[i][0]!r} overlaps {boxes[j][0]!r}")
    for colour in unexplained_colours(root):
        out.append(f"colour {colour} is named by no legend in the SVG")
    name = os.path.basename(path)
    if "heat" in name or root.get("class") == "heat-map":
        if not any(e.get("class") == "colour-bar" for e in root.iter()):
            out.append("a heat map without a colour bar")
    return out


def run(args):
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"FAIL: {' '.join(args)}\n{r.stdout}{r.stderr}")


def main():
    hesa = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        bad = os.path.join(tmp, "bad.svg")
        with open(bad, "w") as f:
            f.write('<svg xmlns="http://www.w3.org/2000/svg" font-size="11"><text x="10" y="20">'
                    '400</text><text x="20" y="22">400</text><text x="100" y="20" '
                    'transform="rotate(-90 100 20)">up</text><text x="300" y="20">alone</text>'
                    '</svg>')
        assert problems(bad) == ["text '400' overlaps '400'"], problems(bad)
        # Two series told apart only by colour: each needs a legend entry inside the SVG.
        with open(bad, "w") as f:
            f.write('<svg xmlns="http://www.w3.org/2000/svg" font-size="11">'
                    '<text x="0" y="20">NTT</text>'
                    '<rect x="40" y="10" width="9" height="9" fill="#111"><title>NTT: 2 us</title>'
                    '</rect><rect x="50" y="10" width="9" height="9" fill="#222"><title>dynamic: '
                    '1 uJ</title></rect><polygon points="1,1 2,2 1,2" fill="#333"><title>BConv on '
                    'mxu0</title></polygon><circle r="3" fill="#444"><title>x</title></circle>'
                    '<g class="legend"><rect x="0" y="40" width="9" height="9" fill="#444"/>'
                    '<text x="12" y="48">points</text></g></svg>')
        assert problems(bad) == ["colour #222 is named by no legend in the SVG",
                                 "colour #333 is named by no legend in the SVG"], problems(bad)

        run([hesa, "run", "--chip", "configs/chips/tpu_v6e.yaml", "--workload",
             "configs/workloads/he_mult_cheddar.yaml", "--out", os.path.join(tmp, "run"),
             "--quiet", "--pdf"])
        run([hesa, "sweep", "tests/data/sweeps/tiny.yaml", "--out", os.path.join(tmp, "tiny"),
             "-j", "2", "--quiet"])
        run([hesa, "sweep", "configs/sweeps/he_mult_mappings.yaml", "--out",
             os.path.join(tmp, "mappings"), "-j", "2", "--quiet"])
        # Chips and workloads as axes: one heat-map row per point.
        run([hesa, "sweep", "tests/data/sweeps/chips.yaml", "--out", os.path.join(tmp, "chips"),
             "-j", "2", "--quiet"])
        found = []
        for folder in ("run", "tiny", "mappings", "chips"):
            svgs = sorted(glob.glob(os.path.join(tmp, folder, "charts", "*.svg")))
            if not svgs:
                found.append(f"{folder}: no charts/*.svg")
            if folder != "run" and not any("line-" in os.path.basename(s) for s in svgs):
                found.append(f"{folder}: no line chart in charts/")
            if folder != "run" and not any("heat" in os.path.basename(s) for s in svgs):
                found.append(f"{folder}: no heat map in charts/")
            for svg in svgs:
                found += [f"{folder}/charts/{os.path.basename(svg)}: {p}" for p in problems(svg)]
                if shutil.which("rsvg-convert") and not os.path.exists(svg[:-4] + ".pdf"):
                    found.append(f"{folder}/charts/{os.path.basename(svg)}: no PDF beside it")
        if found:
            print("FAIL: charts")
            print("\n".join(found[:40]))
            return 1
    print("PASS: charts: no overlapping text, colours named inside each SVG, colour bars on heat "
          "maps, PDFs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
