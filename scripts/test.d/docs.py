#!/usr/bin/env python3
"""Run what the documentation tells readers to run, in a throw-away copy.

Usage: docs.py REPO_COPY PAGE...   (called by scripts/test.d/docs.sh)

For every fenced block of each page:

- ```sh / ```bash / ```shell: each command (a line, with `\\` continuations
  joined; comments and blank lines skipped) runs with bash in REPO_COPY and
  must exit 0. `dossier check` may also exit 1 (it found errors: the
  documented outcome on files with errors). A trailing `# exit N` comment
  demands exactly N.
- ```console: lines starting with `$ ` are commands; the lines up to the next
  `$ ` line are their expected output (stdout and stderr), compared exactly.
- ```yaml that starts with `dossier: 1`: a complete dossier; checked with
  `dossier check` and must have no `syntax` or `schema` diagnostic.
- ```toml with a `[rules]`, `[questions]`, `[profiles.*]`, `[freshness]`
  table or a top-level `today`/`schema` key: a dossier.toml; used with
  `dossier check --config` on the example and must not be refused (exit 2).

Commands that would run this check itself (scripts/test-all.sh, .ci/run)
are listed and skipped.
"""

import json
import os
import re
import subprocess
import sys
import tempfile

SKIP = {"bash scripts/test-all.sh", ".ci/run"}
TIMEOUT = 1800
EXAMPLE = "examples/alibaba-cloud.dossier.yaml"

failures = []
ran = 0


def fail(where, what):
    failures.append(f"{where}: {what}")
    print(f"FAIL {where}: {what}", file=sys.stderr)


def blocks(path):
    """(line number, info string, lines) of every fenced block."""
    out = []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)(```+)(.*)$", lines[i])
        if m:
            indent, fence, info = m.group(1), m.group(2), m.group(3).strip()
            start = i + 1
            body = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                line = lines[i]
                body.append(line[len(indent):] if line.startswith(indent) else line.lstrip())
                i += 1
            out.append((start, info.split()[0] if info else "", body))
        i += 1
    return out


def commands(body):
    cmds = []
    cur = ""
    for line in body:
        if cur:
            cur += "\n" + line
        else:
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cur = line
        if cur.endswith("\\"):
            continue
        cmds.append(cur)
        cur = ""
    if cur:
        cmds.append(cur)
    return cmds


def run(cmd, cwd, env):
    p = subprocess.run(
        ["bash", "-c", cmd], cwd=cwd, env=env, timeout=TIMEOUT,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    return p.returncode, p.stdout


def allowed(cmd):
    m = re.search(r"#\s*exit\s+(\d+)\s*$", cmd.split("\n")[-1])
    if m:
        return {int(m.group(1))}
    if re.match(r"\s*dossier\s+check\b", cmd):
        return {0, 1}
    return {0}


def sh_block(where, body, repo, env):
    global ran
    for cmd in commands(body):
        if cmd.strip() in SKIP:
            print(f"skip {where}: {cmd.strip()} (it runs this check)")
            continue
        ran += 1
        print(f"run  {where}: {cmd}", flush=True)
        status, out = run(cmd, repo, env)
        if status not in allowed(cmd):
            sys.stderr.write(out[-4000:])
            fail(where, f"`{cmd}` exited {status}, expected {sorted(allowed(cmd))}")


def console_block(where, body, repo, env):
    global ran
    i = 0
    while i < len(body):
        if not body[i].startswith("$ "):
            i += 1
            continue
        cmd = body[i][2:]
        j = i + 1
        while j < len(body) and not body[j].startswith("$ "):
            j += 1
        expected = "\n".join(body[i + 1:j]).rstrip("\n")
        ran += 1
        print(f"run  {where}: {cmd} (output compared)", flush=True)
        _, out = run(cmd, repo, env)
        if out.rstrip("\n") != expected:
            fail(where, f"`{cmd}` printed:\n{out}\ninstead of:\n{expected}")
        i = j


def yaml_block(where, body, repo, env, tmp):
    global ran
    ran += 1
    path = os.path.join(tmp, "block.dossier.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(body) + "\n")
    print(f"check {where}: the dossier in the block", flush=True)
    status, out = run(f"dossier check --format json --today 2026-11-24 '{path}'", tmp, env)
    try:
        diags = [d for f in json.loads(out)["files"] for d in f["diagnostics"]]
    except (ValueError, KeyError):
        fail(where, f"dossier check failed on the block (exit {status}):\n{out}")
        return
    bad = [d for d in diags if d["rule"] in ("syntax", "schema")]
    for d in bad:
        fail(where, f"line {d['start']['line']}: {d['rule']}: {d['message']}")


def toml_block(where, body, repo, env, tmp):
    global ran
    text = "\n".join(body) + "\n"
    if not re.search(r"^\s*(\[(rules|questions|freshness|profiles\.[^\]]+)\]|today\s*=|schema\s*=)", text, re.M):
        return
    ran += 1
    d = tempfile.mkdtemp(dir=tmp)
    path = os.path.join(d, "dossier.toml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"check {where}: the dossier.toml in the block", flush=True)
    status, out = run(f"dossier check --config '{path}' {EXAMPLE}", repo, env)
    if status == 2:
        fail(where, f"dossier check refuses it as a dossier.toml:\n{out}")


def main():
    repo, pages = sys.argv[1], sys.argv[2:]
    env = dict(os.environ)
    tmp = tempfile.mkdtemp(prefix="docs-blocks-")
    for page in pages:
        for line, lang, body in blocks(os.path.join(repo, page)):
            where = f"{page}:{line}"
            if lang in ("sh", "bash", "shell"):
                sh_block(where, body, repo, env)
            elif lang == "console":
                console_block(where, body, repo, env)
            elif lang == "yaml" and body and body[0].startswith("dossier: 1"):
                yaml_block(where, body, repo, env, tmp)
            elif lang == "toml":
                toml_block(where, body, repo, env, tmp)
    print(f"\n{ran} commands and blocks from {len(pages)} pages, {len(failures)} failed")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
