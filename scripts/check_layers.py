#!/usr/bin/env python3
"""Checks the layering of the source tree against ARCHITECTURE.md.

The ```layers block of ARCHITECTURE.md lists the folders bottom up, one layer a line; folders on
one line are peers. A file may include headers of its own folder and of folders on lower lines,
never of a higher line or of a peer. A folder not listed takes the layer of its nearest listed
parent; a line "! a b" says that folders a/ and b/ never include each other. Also refused: include loops between files (a .cpp and its .hpp count as one file), a
folder of more than 25 .cpp/.hpp files, and a folder of .cpp files without its own CMakeLists.txt
(each folder is one library).
Usage: check_layers.py [SOURCE_ROOT]; exits 1 listing every violation.
"""
import os
import re
import sys

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), ".."))
MAX_FILES = 25
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def layers():
    """The layer of each folder, and the pairs of folders that must not know each other (a line
    "! a b" in the block)."""
    text = open(os.path.join(ROOT, "ARCHITECTURE.md"), encoding="utf-8").read()
    block = re.search(r"```layers\n(.*?)```", text, re.S)
    if not block:
        sys.exit("check_layers: ARCHITECTURE.md has no ```layers block")
    order, apart = {}, []
    lines = [l for l in block.group(1).splitlines() if l.strip()]
    for line in (l for l in lines if l.startswith("!")):
        apart.append(tuple(f.strip("/") for f in line[1:].split()))
    for level, line in enumerate(l for l in lines if not l.startswith("!")):
        for folder in line.split():
            order[folder.strip("/")] = level
    return order, apart


def within(path, folder):
    return path == folder or path.startswith(folder + "/")


def layer_of(folder, order):
    parts = folder.split("/")
    while parts:
        key = "/".join(parts)
        if key in order:
            return key, order[key]
        parts.pop()
    return None, None


def sources():
    for top in ("config", "trace", "models", "workloads", "sim", "fuzz", "bench", "tests"):
        for dirpath, _, files in os.walk(os.path.join(ROOT, top)):
            for f in files:
                if f.endswith((".cpp", ".hpp")):
                    yield os.path.relpath(os.path.join(dirpath, f), ROOT)


def main():
    order, apart = layers()
    problems = []
    graph = {}
    for path in sorted(sources()):
        folder = os.path.dirname(path)
        unit = os.path.splitext(path)[0]
        name, level = layer_of(folder, order)
        if name is None:
            problems.append(f"{path}: its folder is not in the layers of ARCHITECTURE.md")
            continue
        text = open(os.path.join(ROOT, path), encoding="utf-8", errors="replace").read()
        for inc in INCLUDE.findall(text):
            if not os.path.exists(os.path.join(ROOT, inc)):
                continue  # a system or generated header
            target = os.path.dirname(inc)
            tname, tlevel = layer_of(target, order)
            if tname is None:
                problems.append(f"{path}: includes {inc}, whose folder is not in the layers")
            elif tlevel > level:
                problems.append(f"{path}: includes {inc} of a higher layer ({tname} above {name})")
            elif tlevel == level and tname != name:
                problems.append(f"{path}: includes {inc} of a peer ({tname} beside {name})")
            for a, b in apart:
                if (within(folder, a) and within(target, b)) or (within(folder, b) and within(target, a)):
                    problems.append(f"{path}: includes {inc}, but {a}/ and {b}/ do not know each other")
            other = os.path.splitext(inc)[0]
            if other != unit:
                graph.setdefault(unit, set()).add(other)
    problems += [f"include loop: {' -> '.join(c)}" for c in cycles(graph)]
    per_folder = {}
    for path in sources():
        per_folder.setdefault(os.path.dirname(path), []).append(path)
    for folder, files in sorted(per_folder.items()):
        if len(files) > MAX_FILES:
            problems.append(f"{folder}/: {len(files)} .cpp/.hpp files, more than {MAX_FILES}")
        if any(f.endswith(".cpp") for f in files) and not os.path.exists(
                os.path.join(ROOT, folder, "CMakeLists.txt")):
            problems.append(f"{folder}/: .cpp files but no CMakeLists.txt of its own")
    for p in problems:
        print(p)
    if problems:
        print(f"check_layers: {len(problems)} problem(s)")
        return 1
    print(f"check_layers: {len(order)} folders in {max(order.values()) + 1} layers, no upward "
          f"include, no include loop")
    return 0


def cycles(graph):
    """Strongly connected components of more than one file (Tarjan, iterative)."""
    index, low, on, stack, out, counter = {}, {}, set(), [], [], [0]
    for start in list(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph.get(start, ()))))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on.add(start)
        while work:
            node, it = work[-1]
            advanced = False
            for nxt in it:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]
                    counter[0] += 1
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    advanced = True
                    break
                if nxt in on:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    n = stack.pop()
                    on.discard(n)
                    comp.append(n)
                    if n == node:
                        break
                if len(comp) > 1:
                    out.append(sorted(comp) + [sorted(comp)[0]])
    return out


if __name__ == "__main__":
    sys.exit(main())
