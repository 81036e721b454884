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
- ```toml with a `[rules]`, `[questions]`, `[profiles.*]`, `[freshness]`,
  `[cadence]` table or a top-level `today`/`schema`/`exclude` key: a
  dossier.toml; used with `dossier check --config` on the example and must
  not be refused (exit 2). One that the text before it calls complete must
  name every key dossier.toml accepts (the binary's own list, from its
  "expected one of" answer to an unknown key; commented keys count), and
  must not pin `today` (a copied pinned date makes new dossiers fail).
- A page that runs `dossier diff --git origin/...` must show `fetch-depth:
  0` (GitHub's checkout is shallow by default).
- `dossier COMMAND --help` against docs/format.md: every long option of
  every command is named in format.md, and where format.md lists an
  option's values (`--format human|json`) for that command, they are the
  values `--help` lists.

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
    if not re.search(r"^\s*(\[(rules|questions|freshness|cadence|profiles\.[^\]]+)\]|today\s*=|schema\s*=|exclude\s*=)", text, re.M):
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


CONFIG_PROBES = {
    "": "zz_unknown = 1\n",
    "questions": "[questions]\nzz_unknown = 1\n",
    "freshness": "[freshness]\nzz_unknown = 1\n",
    "cadence": "[cadence]\nzz_unknown = 1\n",
}


def config_keys(repo, env, tmp):
    """{table: [keys]} that dossier.toml accepts, as the binary lists them."""
    keys = {}
    for table, probe in CONFIG_PROBES.items():
        d = tempfile.mkdtemp(dir=tmp)
        path = os.path.join(d, "dossier.toml")
        with open(path, "w", encoding="utf-8") as f:
            f.write(probe)
        _, out = run(f"dossier check --config '{path}' {EXAMPLE}", repo, env)
        m = re.search(r"expected one of (.*)", out)
        if not m:
            fail("dossier.toml keys", f"no list of keys for [{table}]:\n{out}")
            continue
        keys[table] = re.findall(r"`([^`]+)`", m.group(1))
    return keys


def complete_toml_block(where, body, keys):
    """A dossier.toml called complete names every key (commented or not)."""
    global ran
    ran += 1
    print(f"check {where}: the complete dossier.toml names every key", flush=True)
    present = {"": set()}
    table = ""
    for line in body:
        h = re.match(r"^\s*\[([A-Za-z0-9_.-]+)\]", line)
        if h:
            table = h.group(1)
            present.setdefault(table, set())
            present[""].add(table.split(".")[0])
            continue
        k = re.match(r"^\s*#?\s*([A-Za-z0-9_-]+)\s*=", line)
        if k:
            present.setdefault(table, set()).add(k.group(1))
        if table == "" and re.match(r"^\s*today\s*=", line):
            fail(where, "a dossier.toml called complete pins `today` (comment it out)")
    for t, names in keys.items():
        missing = [n for n in names if n not in present.get(t, set())]
        if missing:
            fail(where, f"called complete, but [{t or 'top level'}] lacks {', '.join(missing)}")


def fetch_depth(page, text):
    global ran
    if re.search(r"dossier diff --git origin/", text):
        ran += 1
        print(f"check {page}: `diff --git origin/...` comes with fetch-depth: 0", flush=True)
        if "fetch-depth: 0" not in text:
            fail(page, "runs `dossier diff --git origin/...` but never shows `fetch-depth: 0`")


HELP_COMMANDS = ["check", "due", "score", "render", "diff", "new", "import caiq",
                 "export caiq", "schema", "lsp"]


def help_options(cmd, repo, env):
    """{--long: [possible values]} of `dossier CMD --help`."""
    _, out = run(f"dossier {cmd} --help", repo, env)
    opts = {}
    current = None
    for line in out.split("\n"):
        m = re.match(r"^\s+(?:-\w, )?(--[a-z][a-z0-9-]*)", line)
        if m:
            current = m.group(1)
            opts[current] = []
        v = re.search(r"\[possible values: ([^\]]+)\]", line)
        if v and current:
            opts[current] = [x.strip() for x in v.group(1).split(",")]
        # Long help lists values one a line: "- human: what it is".
        item = re.match(r"^\s+- ([a-z0-9-]+)(?::|$)", line)
        if item and current:
            opts[current].append(item.group(1))
    opts.pop("--help", None)
    opts.pop("--version", None)
    return opts


def command_region(fmt, cmd):
    """The lines of format.md about `dossier CMD`: its table row and its
    own section (### with `dossier CMD` in the title)."""
    lines = fmt.split("\n")
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith(f"| `dossier {cmd}"):
            out.append(line)
        if re.match(r"^#{2,4} ", line) and f"`dossier {cmd}" in line:
            level = len(line) - len(line.lstrip("#"))
            j = i + 1
            while j < len(lines) and not (
                re.match(r"^#{1,%d} " % level, lines[j])
            ):
                out.append(lines[j])
                j += 1
            i = j
            continue
        i += 1
    return "\n".join(out)


def help_against_format(repo, env):
    global ran
    with open(os.path.join(repo, "docs/format.md"), encoding="utf-8") as f:
        fmt = f.read()
    for cmd in HELP_COMMANDS:
        ran += 1
        print(f"check docs/format.md: `dossier {cmd} --help`", flush=True)
        opts = help_options(cmd, repo, env)
        region = command_region(fmt, cmd)
        for opt, values in opts.items():
            if not re.search(re.escape(opt) + r"\b", fmt):
                fail("docs/format.md", f"`dossier {cmd} {opt}` (in --help) is not documented")
            if not values:
                continue
            for m in re.finditer(re.escape(opt) + r"[ =\s]\[?((?:[a-z0-9-]+(?:\\?\|))+[a-z0-9-]+)", region):
                # Only where format.md speaks of this command (the
                # section may show another's options too).
                said = re.findall(r"dossier ([a-z]+)", region[:m.start()])
                if not said or said[-1] != cmd.split()[0]:
                    continue
                documented = sorted(re.split(r"\\?\|", m.group(1)))
                line = region[:m.start()].rsplit("\n", 1)[-1]
                row = line.startswith("| `dossier ")
                # The command's row in the table lists them all; elsewhere
                # (one mode, e.g. with --baseline) some, but none that
                # --help does not have.
                if (row and documented != sorted(values)) or not set(documented) <= set(values):
                    fail("docs/format.md", f"`dossier {cmd} {opt}`: format.md lists {documented}, --help {sorted(values)}")


def main():
    repo, pages = sys.argv[1], sys.argv[2:]
    env = dict(os.environ)
    tmp = tempfile.mkdtemp(prefix="docs-blocks-")
    keys = config_keys(repo, env, tmp)
    help_against_format(repo, env)
    for page in pages:
        with open(os.path.join(repo, page), encoding="utf-8") as f:
            text = f.read()
        fetch_depth(page, text)
        lines = text.split("\n")
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
                before = " ".join(lines[max(0, line - 5):line - 1])
                if re.search(r"\bcomplete\b", before):
                    complete_toml_block(where, body, keys)
    print(f"\n{ran} commands and blocks from {len(pages)} pages, {len(failures)} failed")
    if failures:
        print("\n".join(failures), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
