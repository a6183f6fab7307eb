#!/usr/bin/env python3
"""Issue 13's closing figures: writes two courses, copies of the `minimal` test fixture, each with
one input that was slow before the hardening.

  case20k/  a case study of 20,000 nodes in one chain, listed in file order (the worst order for
            a dead-end search that re-scans every node until nothing changes)
  yaml50k/  a quiz file whose `questions:` is a flow list nested 50,000 deep

Usage: python3 bench/hardening_inputs.py OUT_DIR
then   /usr/bin/time -f '%e s wall, %U s user, %M KB' skillpress check --root OUT_DIR/case20k
(and the same for OUT_DIR/yaml50k). Results in BENCHMARKS.md.
"""
import os
import shutil
import sys

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'fixtures', 'minimal')


def course(out, name):
    d = os.path.join(out, name)
    shutil.rmtree(d, ignore_errors=True)
    shutil.copytree(FIXTURE, d, ignore=shutil.ignore_patterns('expected'))
    return d


def main(out):
    d = course(out, 'case20k')
    n = 20000
    lines = ['title: Chain', 'start: n0', 'nodes:']
    for i in range(n):
        nxt = f'n{i + 1}' if i + 1 < n else 'done'
        lines += [f'  n{i}:', '    choices:',
                  f'      - {{ text: go, next: {nxt}, effects: {{ satisfaction: 1 }} }}']
    lines += ['endings:', '  done: { title: Done, outcome: success }']
    os.makedirs(os.path.join(d, 'content', 'cases'), exist_ok=True)
    with open(os.path.join(d, 'content', 'cases', 'chain.yaml'), 'w') as f:
        f.write('\n'.join(lines) + '\n')

    d = course(out, 'yaml50k')
    m = 50000
    with open(os.path.join(d, 'quizzes', 'deep.yaml'), 'w') as f:
        f.write('title: Deep\nquestions: ' + '[' * m + ']' * m + '\n')


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
