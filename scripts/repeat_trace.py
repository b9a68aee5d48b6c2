#!/usr/bin/env python3
"""Writes a trace file (docs/trace-format.md) that runs another one COPIES times in a row: the
declarations once, then the instructions again and again with their indices and dependencies
shifted, the first instruction of each copy also waiting for the last one of the copy before (the
copies work on the same buffers). Makes the large traces of scripts/bench.sh (memory per
instruction) without lowering a workload that large. Standard library only.

Usage: repeat_trace.py IN OUT COPIES
"""
import sys


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, dst, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with open(src) as f:
        lines = f.read().splitlines()
    first = next((i for i, l in enumerate(lines) if l[:1].isdigit()), len(lines))
    decls, instrs = lines[:first], lines[first:]
    ended = bool(instrs) and instrs[-1] == "end"  # format 2 closes with an `end` line
    if ended:
        instrs = instrs[:-1]
    if any(not l[:1].isdigit() for l in instrs if l and not l.startswith("#")):
        sys.exit("repeat_trace.py: declarations after the first instruction")
    n = len(instrs)
    with open(dst, "w") as out:
        out.write("\n".join(decls) + "\n")
        for c in range(copies):
            shift = c * n
            chunk = []
            for line in instrs:
                words = line.split(" ")
                index = int(words[0]) + shift
                words[0] = str(index)
                deps = [w for w in words if w.startswith("deps=")]
                listed = [int(d) + shift for d in deps[0][5:].split(",")] if deps else []
                if c > 0 and int(line.split(" ", 1)[0]) == 0:
                    listed = sorted(set(listed + [shift - 1]))
                words = [w for w in words if not w.startswith("deps=")]
                if listed:
                    words.append("deps=" + ",".join(map(str, listed)))
                chunk.append(" ".join(words))
            out.write("\n".join(chunk) + "\n")
        if ended:
            out.write("end\n")


if __name__ == "__main__":
    main()
