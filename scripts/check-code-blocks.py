#!/usr/bin/env python3
"""Checks every fenced code block of the bank (corpus/**/*.md, not corpus/README.md) with a real parser.

    python3 scripts/check-code-blocks.py [-v] [FILE.md ...]

It installs its parsers (pinned, from PyPI) into a venv under ~/.cache/qa-code-check/ on first use (about
30 s) and re-runs itself there; php and node are used when present (.ci/run installs php-cli on CI). It
prints one line per language, a total line, then every failure as `path:line: language: message`, and
exits 1 on any failure. -v lists every block and how it passed. corpus/README.md ("Code blocks") is the
writer's side of these rules.

Which parser, and why:

- php: the tree-sitter PHP grammar. Debian 12's php-cli is PHP 8.2, which rejects the 8.3/8.4 syntax the
  bank rightly uses (typed class constants, property hooks, asymmetric visibility, `new X()->m()`);
  tree-sitter-php 0.25 knows all of it. When php is installed its compiler runs too (`php -l`'s step),
  because it also catches compile-time errors a grammar lets through (a redeclared method, an abstract
  method with a body); a block it rejects passes only if tree-sitter finds 8.3+ syntax on the line php
  complains about.
- js: V8, through node: `node --check`'s compile step. A block with top-level `import`/`export` is an ES
  module, otherwise CommonJS; a CommonJS block that fails is tried as a module (top-level `await`).
- ts: tree-sitter-typescript (no TypeScript compiler is installed; the grammar is enough for syntax).
- python: CPython's own compile() (this is 3.11; the bank targets 3.12). A block 3.11 rejects passes only
  if tree-sitter-python accepts it and 3.12 syntax (PEP 695 `type`/type parameters, PEP 701 f-strings)
  is on the failing line.
- bash/sh/shell: `bash -n`. A block with `$ ` prompts (or a `console` block) is a transcript: only the
  prompt lines and their `\` or `> ` continuations are commands, the rest is output.
- sql: pglast (libpg_query, PostgreSQL's own parser), statement by statement. MySQL statements go to
  sqlglot (read="mysql"), which must build a real tree (its raw "Command" fallback is a failure): the
  whole block with ```` ```sql mysql ````, the statements after a comment line starting `-- MySQL` (until
  one starting `-- PostgreSQL`), or one statement followed by `-- MySQL` on its line. psql variables and
  named parameters (`:id`, `:'name'`) read as parameters, the mysql client's `\G` as `;`.
- redis: Redis has no grammar beyond redis-cli's quoting: each command is tokenized the way redis-cli does
  (plus `#` comments, as the bank writes them), its first word must be a Redis 7 command, and the script of
  EVAL/EVAL_RO is parsed as Lua.
- json (json; `jsonc`/`json5`, or ```` ```json jsonc ````: json5), yaml (PyYAML safe_load_all), toml
  (tomllib), nginx (crossplane, with context and argument checks), xml (ElementTree), html
  (tree-sitter-html), jinja (Jinja2's parser, then the HTML around the tags), blade (a small Blade
  compiler: every `{{ }}`, `{!! !!}`, directive argument and `:prop` parsed as PHP, directives must
  nest), ejs (compiled as EJS does, the JavaScript by node, the HTML by tree-sitter), dockerfile
  (dockerfile-parse, known instructions, JSON exec forms, `bash -n` on RUN), graphql (graphql-core),
  protobuf (proto-schema-parser), lua (luaparser).
- Not code, excused by language and counted: text, http, ini, dotenv, output, diff, markdown. No parser on
  PyPI, excused and counted: cql.

Fragments. A block need not be a whole program: the first of a fixed list of preludes under which it parses
is used, and counted. php: `<?php` is prepended when missing, then the block is tried as a class body, as
an array's elements, and (when it starts with `->`) as the rest of a method chain. js: as an expression
(a bare object literal), a class body, an object literal's body. python: with top-level `await`, then as a
function body. sql: a lone clause (WHERE, ORDER BY, JOIN ...) after `SELECT * FROM t`. protobuf: as a
service or message body. nginx: inside `http {}`, `http { server {} }`, `http { server { location / {} } }`.
xml: inside one root element. A correct block no prelude makes parse carries a flag after the language
(the first word stays the language for `qa` and GitHub): `fragment` (not a whole program) or `unchecked`
(beyond every available parser's grammar). Either is excused and counted; a flagged block that parses
is a failure, so stale flags go.

Results. In a php, js or python block, a comment starting `// →` or `# →` states what that line prints. A
block with one runs (php only when PHP 8.2 compiles it as written; python -I; node) with a 10 s limit, must
exit 0 with nothing on stderr (PHP with E_ALL), and its output must equal the `→` texts in order,
whitespace ignored (so `echo $a; // → 1` needs no newline). A `→` block that cannot run is counted as
"→ not run".
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import dataclasses
import fcntl
import hashlib
import io
import itertools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

# Pinned so a run is the same on every machine; tree-sitter-php must know property hooks (0.24+).
REQUIREMENTS = """\
tree-sitter==0.26.1
tree-sitter-php==0.25.1
tree-sitter-javascript==0.25.0
tree-sitter-typescript==0.23.2
tree-sitter-python==0.25.0
tree-sitter-html==0.23.2
pglast==8.8
sqlglot==30.30.0
PyYAML==6.0.3
json5==0.17.3
crossplane==0.5.8
graphql-core==3.3.2
proto-schema-parser==2.1.0
luaparser==4.2.0
dockerfile-parse==2.0.1
Jinja2==3.1.6
"""


def bootstrap() -> None:
    """Re-runs this script inside a venv that has REQUIREMENTS, creating it the first time."""
    if os.environ.get("QA_CODE_CHECK_IN_VENV") == "1":
        return
    digest = hashlib.sha256(REQUIREMENTS.encode()).hexdigest()[:12]
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    venv = Path(os.environ.get("QA_CODE_CHECK_VENV") or cache / "qa-code-check" / f"venv-{digest}")
    python = venv / "bin" / "python"
    stamp = venv / "requirements.txt"
    venv.parent.mkdir(parents=True, exist_ok=True)
    with open(venv.parent / f"{venv.name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two runs at once: the second waits for the first's install
        if not (python.exists() and stamp.exists() and stamp.read_text() == REQUIREMENTS):
            print(f"code-check: installing parsers into {venv}", file=sys.stderr, flush=True)
            shutil.rmtree(venv, ignore_errors=True)
            pip = [str(python), "-m", "pip"]
            if subprocess.run([sys.executable, "-m", "venv", str(venv)]).returncode != 0:
                # Debian's python3 without python3-venv has no ensurepip: a bare venv, filled by our pip.
                shutil.rmtree(venv, ignore_errors=True)
                subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
                pip = [sys.executable, "-m", "pip", "--python", str(python)]
            req = venv / "requirements.in"
            req.write_text(REQUIREMENTS)
            subprocess.run([*pip, "install", "-q", "--disable-pip-version-check", "-r", str(req)], check=True)
            stamp.write_text(REQUIREMENTS)
    env = dict(os.environ, QA_CODE_CHECK_IN_VENV="1")
    os.execve(str(python), [str(python), str(Path(__file__).resolve()), *sys.argv[1:]], env)


# ---------------------------------------------------------------------------------------------------------
# Extraction


@dataclasses.dataclass
class Block:
    path: Path
    line: int  # line of the opening fence, 1-based
    info: str
    code: str

    @property
    def lang(self) -> str:
        words = self.info.split()
        return words[0].lower() if words else ""

    @property
    def flags(self) -> list[str]:
        return [w.lower() for w in self.info.split()[1:]]

    def rel(self) -> str:
        try:
            return self.path.relative_to(ROOT).as_posix()
        except ValueError:
            return str(self.path)


FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})(.*)$")


def extract(path: Path) -> list[Block]:
    """Fenced code blocks as CommonMark reads them (the front matter is not one)."""
    lines = path.read_text(encoding="utf-8").split("\n")
    blocks, i = [], 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m or (m.group(2)[0] == "`" and "`" in m.group(3)):
            i += 1
            continue
        indent, fence, info = len(m.group(1)), m.group(2), m.group(3).strip()
        close = re.compile(r"^ {0,3}%s{%d,}\s*$" % (re.escape(fence[0]), len(fence)))
        body, j = [], i + 1
        while j < len(lines) and not close.match(lines[j]):
            text = lines[j]
            k = 0
            while k < indent and text[k : k + 1] == " ":
                k += 1
            body.append(text[k:])
            j += 1
        blocks.append(Block(path, i + 1, info, "\n".join(body) + "\n"))
        i = j + 1
    return blocks


# ---------------------------------------------------------------------------------------------------------
# Results


@dataclasses.dataclass
class Result:
    status: str  # "ok", "excused", "failed"
    message: str = ""  # failure message, or reason of an excuse
    line: int = 0  # line inside the block (1-based) the message is about, 0 if none
    note: str = ""  # how an ok block was accepted, e.g. "class body", "php 8.3+"
    ran: bool = False  # its → comments were checked by running it


class Fail(Exception):
    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.message, self.line = message, line


def ok(note: str = "") -> Result:
    return Result("ok", note=note)


def one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def run(cmd: list[str], stdin: str | None = None, timeout: float = 20) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, input=stdin, capture_output=True, text=True, timeout=timeout)


class Scratch:
    """A private temp dir for files handed to external parsers."""

    def __init__(self) -> None:
        self.dir = Path(tempfile.mkdtemp(prefix="qa-code-check-"))
        self.counter = itertools.count(1)

    def path(self, suffix: str) -> Path:
        return self.dir / f"block{next(self.counter)}{suffix}"

    def file(self, text: str, suffix: str) -> Path:
        path = self.path(suffix)
        path.write_text(text, encoding="utf-8")
        return path


SCRATCH: Scratch = None  # type: ignore[assignment]  # made by main()


# ---------------------------------------------------------------------------------------------------------
# tree-sitter helpers

_LANGS: dict = {}


def ts_language(name: str):
    import tree_sitter

    if name not in _LANGS:
        if name == "php":
            import tree_sitter_php as m

            lang = m.language_php()
        elif name == "javascript":
            import tree_sitter_javascript as m

            lang = m.language()
        elif name == "typescript":
            import tree_sitter_typescript as m

            lang = m.language_typescript()
        elif name == "python":
            import tree_sitter_python as m

            lang = m.language()
        elif name == "html":
            import tree_sitter_html as m

            lang = m.language()
        else:
            raise KeyError(name)
        _LANGS[name] = tree_sitter.Language(lang)
    return _LANGS[name]


def ts_parse(name: str, text: str):
    import tree_sitter

    return tree_sitter.Parser(ts_language(name)).parse(text.encode("utf-8"))


def ts_first_error(tree) -> tuple[int, str] | None:
    """(0-based row, message) of the first ERROR or MISSING node, or None when the tree is clean."""
    if not tree.root_node.has_error:
        return None
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        if node.is_missing:
            return node.start_point.row, f"missing `{node.type}`"
        if node.is_error:
            snippet = node.text.decode("utf-8", "replace").strip().splitlines()
            return node.start_point.row, f"syntax error at `{one_line(snippet[0] if snippet else '', 60)}`"
        if node.has_error:
            stack.extend(reversed(node.children))
    return tree.root_node.start_point.row, "syntax error"


def ts_nodes(tree):
    stack = [tree.root_node]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(node.children)


# ---------------------------------------------------------------------------------------------------------
# Preludes: (name, before, after). `before` must end in a newline; its line count shifts error lines.


def try_preludes(code: str, preludes, parse) -> tuple[str, str, int]:
    """Returns (note, text, offset) of the first prelude under which parse(text) raises no Fail. When none
    parses, raises the Fail of the first (the block as written), whose line is the block's own."""
    first = None
    for note, before, after in preludes:
        text = before + code + after
        offset = before.count("\n")
        try:
            parse(text)
            return note, text, offset
        except Fail as e:
            if first is None:
                first = Fail(e.message, max(e.line - offset, 0) if e.line else 0)
    raise first


# ---------------------------------------------------------------------------------------------------------
# → comments and running


ARROW = {
    "php": re.compile(r"(?://|#)\s*→\s?(.*)$"),
    "js": re.compile(r"//\s*→\s?(.*)$"),
    "python": re.compile(r"#\s*→\s?(.*)$"),
}


def expected_output(lang: str, code: str) -> list[str]:
    pattern = ARROW.get(lang)
    if not pattern:
        return []
    return [m.group(1).strip() for line in code.splitlines() if (m := pattern.search(line))]


def compare_output(expected: list[str], proc: subprocess.CompletedProcess, what: str) -> None:
    if proc.returncode != 0 or proc.stderr.strip():
        raise Fail(f"{what} failed (exit {proc.returncode}): {one_line(proc.stderr or proc.stdout)}")
    want = "".join("".join(expected).split())
    got = "".join(proc.stdout.split())
    if want != got:
        raise Fail(f"→ comments say {one_line(' | '.join(expected), 120)!r} but it printed "
                   f"{one_line(proc.stdout, 120)!r}")


# ---------------------------------------------------------------------------------------------------------
# PHP

PHP = shutil.which("php")
NODE = shutil.which("node")


def php_new_syntax_rows(tree) -> set[int]:
    """Rows (0-based) holding syntax PHP 8.2 does not know: typed class constants (8.3), readonly anonymous
    classes (8.3), dynamic class constant fetch (8.3), property hooks, asymmetric visibility and
    `new X()->m()` without parentheses (8.4)."""
    rows: set[int] = set()

    def mark(node):
        rows.update(range(node.start_point.row, node.end_point.row + 1))

    for node in ts_nodes(tree):
        t = node.type
        if t == "const_declaration" and node.child_by_field_name("type") is not None:
            mark(node)
        elif t == "property_hook_list":
            mark(node)
        elif t == "visibility_modifier" and any(c.type == "operation" for c in node.children):
            mark(node)
        elif t == "anonymous_class" and any(c.type == "readonly_modifier" for c in node.children):
            mark(node)
        elif t == "class_constant_access_expression" and b"::{" in node.text.replace(b" ", b""):
            mark(node)
        elif t in ("member_call_expression", "member_access_expression", "nullsafe_member_call_expression",
                   "nullsafe_member_access_expression", "subscript_expression"):
            first = node.children[0] if node.children else None
            if first is not None and first.type == "object_creation_expression":
                mark(node)
    return rows


# `php -l` costs a process start (~70 ms) per block; one php process does the same compile step for all of
# them (opcache_compile_file compiles without running). Compiling declares the file's functions in the
# process, so each file is compiled in a forked child, which then kills itself (a clean exit costs more than
# the compile). A compile error is printed, not thrown: each file's messages are framed by \x01 lines.
# Without opcache or pcntl, `php -l` runs per block.
PHP_WORKER = r"""
while (($line = fgets(STDIN)) !== false) {
    echo "\x01BEGIN\n";
    $pid = pcntl_fork();
    if ($pid === 0) {
        try { $ok = opcache_compile_file(rtrim($line, "\n")); echo "\x01END ", $ok ? "OK" : "FAIL", "\n"; }
        catch (Throwable $e) { echo "\x01END ERR ", $e->getLine(), " ", strtr($e->getMessage(), "\n", " "), "\n"; }
        flush();
        posix_kill(getmypid(), 9);
    }
    pcntl_waitpid($pid, $status);
}
"""


class Worker:
    """One long-lived interpreter fed one request per line, shared by the threads."""

    def __init__(self, cmd: list[str]):
        self.cmd, self.proc, self.lock = cmd, None, threading.Lock()

    def ask(self, line: str, read_reply) -> object:
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self.proc = subprocess.Popen(self.cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                             stderr=subprocess.DEVNULL, text=True, bufsize=1)
            self.proc.stdin.write(line + "\n")
            self.proc.stdin.flush()
            return read_reply(self.proc.stdout)

    def close(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=10)


PHP_FLAGS = ["-d", "opcache.enable_cli=1", "-d", "output_buffering=0", "-d", "display_errors=1", "-d",
             "log_errors=0", "-d", "html_errors=0", "-d", "error_reporting=-1"]
PHP_OPCACHE = bool(PHP) and run([PHP, *PHP_FLAGS, "-r", "echo function_exists('opcache_compile_file') && "
                                 "function_exists('pcntl_fork') && function_exists('posix_kill') ? 1 : 0;"]
                                ).stdout == "1"
PHP_LINT = Worker([PHP or "php", *PHP_FLAGS, "-r", PHP_WORKER])


def php_lint(text: str) -> tuple[bool, str, int]:
    """(accepted, first message, line) from php's compiler for the text."""
    path = SCRATCH.file(text, ".php")
    if PHP_OPCACHE:
        def reply(out):
            lines = []
            for raw in out:
                if raw.startswith("\x01END "):
                    return raw[5:].rstrip("\n"), lines
                if not raw.startswith("\x01"):
                    lines.append(raw.strip())
            return "FAIL", lines + ["php exited"]

        status, messages = PHP_LINT.ask(str(path), reply)
        if status == "OK":
            return True, "", 0
        if status.startswith("ERR "):
            _, line, message = status.split(" ", 2)
            return False, f"PHP Parse error: {message}", int(line)
        message = next((m for m in messages if m and "could not compile" not in m), "compile failed")
    else:
        proc = run([PHP, "-d", "display_errors=stderr", "-d", "error_reporting=-1", "-l", str(path)])
        if proc.returncode == 0:
            return True, "", 0
        message = next((m for m in (proc.stderr + proc.stdout).splitlines()
                        if m.strip() and "Errors parsing" not in m), "php -l failed")
    m = re.search(r" on line (\d+)", message)
    message = re.sub(r"^PHP\s+", "", message.replace(str(path), "block").replace(str(SCRATCH.dir) + "/", ""))
    message = re.sub(r"\s+in block on line \d+$", "", message.strip())
    return False, message, int(m.group(1)) if m else 0


def check_php(block: Block) -> Result:
    code = block.code
    has_tag = re.search(r"<\?(php|=)", code) is not None
    prelude = "" if has_tag else "<?php\n"
    preludes = [("", prelude, "")]
    if not has_tag:
        preludes += [
            ("class body", "<?php\nclass __Fragment {\n", "\n}\n"),
            ("array body", "<?php\nreturn [\n", "\n];\n"),
        ]
        first_code = next((ln.strip() for ln in code.splitlines()
                           if ln.strip() and not ln.strip().startswith(("//", "#", "/*", "*"))), "")
        if first_code.startswith("->"):
            preludes.append(("method chain", "<?php\n$__chain\n", ";\n"))

    def parse(text):
        err = ts_first_error(ts_parse("php", text))
        if err:
            raise Fail(err[1], err[0] + 1)

    note, text, offset = try_preludes(code, preludes, parse)
    notes = [note] if note else []
    lint_ok = False
    if PHP:
        lint_ok, message, line = php_lint(text)
        if not lint_ok:
            new_rows = php_new_syntax_rows(ts_parse("php", text))
            if line and (line - 1) in new_rows:
                notes.append("php 8.3+")
            else:
                raise Fail(f"php -l: {message}", max(line - offset, 0))
    expected = expected_output("php", code)
    ran = False
    if expected and not (PHP and lint_ok and not note):
        notes.append("→ not run")
    elif expected:
        path = SCRATCH.file(text, ".php")
        proc = run([PHP, "-d", "display_errors=stderr", "-d", "error_reporting=-1", "-d", "log_errors=0",
                    str(path)], timeout=10)
        compare_output(expected, proc, "php")
        ran = True
    r = ok(", ".join(notes))
    r.ran = ran
    return r


# ---------------------------------------------------------------------------------------------------------
# JavaScript / TypeScript

ESM = re.compile(r"^\s*(import\s*[*{'\"]|import\s+\w|export\s)", re.M)  # not `import(`, `important`


# `node --check` costs ~0.3 s per start; one node process compiles every block the way the CommonJS loader
# (vm.compileFunction with the module wrapper's parameters) or the ES module loader (vm.SourceTextModule)
# does, without running it. The message of a block that fails is taken from `node --check` itself.
NODE_WORKER = r"""
const vm = require('vm');
require('readline').createInterface({ input: process.stdin }).on('line', (line) => {
  const { src, kind } = JSON.parse(line);
  let ok = true;
  try {
    if (kind === '.mjs') new vm.SourceTextModule(src, { identifier: 'block' });
    else vm.compileFunction(src, ['exports', 'require', 'module', '__filename', '__dirname'], { filename: 'block' });
  } catch (e) { ok = false; }
  process.stdout.write((ok ? 'ok' : 'error') + '\n');
});
"""
NODE_COMPILE = Worker([NODE or "node", "--experimental-vm-modules", "--no-warnings", "-e", NODE_WORKER])


def node_check(text: str, suffix: str) -> None:
    if NODE_COMPILE.ask(json.dumps({"src": text, "kind": suffix}), lambda out: out.readline().strip()) != "ok":
        raise Fail("SyntaxError")


def node_check_message(text: str, suffix: str) -> Fail:
    path = SCRATCH.file(text, suffix)
    proc = run([NODE, "--check", str(path)])
    if proc.returncode == 0:
        return Fail(f"node's vm rejects it but `node --check` accepts it as {suffix}")
    out = proc.stderr.replace(str(path), "block")
    m = re.search(r"block:(\d+)", out)
    msg = next((ln for ln in out.splitlines() if re.match(r"\w*Error", ln)), out.strip().splitlines()[-1])
    return Fail(msg.strip(), int(m.group(1)) if m else 0)


def check_js(block: Block) -> Result:
    code = block.code
    if not NODE:
        # Fallback so the check still means something without node: the tree-sitter grammar.
        def parse_ts(text):
            err = ts_first_error(ts_parse("javascript", text))
            if err:
                raise Fail(err[1], err[0] + 1)

        note, _, _ = try_preludes(code, [("", "", ""), ("expression", "(\n", "\n);\n"),
                                         ("class body", "class __Fragment {\n", "\n}\n"),
                                         ("object body", "({\n", "\n});\n")], parse_ts)
        notes = [note, "tree-sitter (no node)", "→ not run" if expected_output("js", code) else ""]
        return ok(", ".join(filter(None, notes)))
    module = bool(ESM.search(code))
    kinds = [".mjs"] if module else [".cjs", ".mjs"]
    preludes = [("", "", ""), ("expression", "(\n", "\n);\n"), ("class body", "class __Fragment {\n", "\n}\n"),
                ("object body", "({\n", "\n});\n")]
    for suffix in kinds:
        try:
            note, text, _ = try_preludes(code, preludes, lambda t: node_check(t, suffix))
            break
        except Fail:
            pass
    else:
        raise node_check_message(code, kinds[-1] if module else kinds[0])
    notes = [n for n in (note, "module" if suffix == ".mjs" and not module else "") if n]
    expected = expected_output("js", code)
    ran = False
    if expected and note:
        notes.append("→ not run")
    elif expected:
        path = SCRATCH.file(text, suffix)
        compare_output(expected, run([NODE, str(path)], timeout=10), "node")
        ran = True
    r = ok(", ".join(notes))
    r.ran = ran
    return r


def check_ts(block: Block) -> Result:
    err = ts_first_error(ts_parse("typescript", block.code))
    if err:
        raise Fail(err[1], err[0] + 1)
    return ok()


# ---------------------------------------------------------------------------------------------------------
# Python


def python_312_rows(tree) -> set[int]:
    rows: set[int] = set()
    for node in ts_nodes(tree):
        if node.type in ("type_alias_statement", "type_parameter") or (
            node.type == "string" and node.text[:1].lower() in (b"f", b"r")
            and any(c.type == "interpolation" for c in node.children)
        ):
            rows.update(range(node.start_point.row, node.end_point.row + 1))
    return rows


def check_python(block: Block) -> Result:
    import ast

    code = textwrap.dedent(block.code)

    def parse(text):
        try:
            compile(text, "block", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT, dont_inherit=True)
        except SyntaxError as e:
            raise Fail(f"SyntaxError: {e.msg}", e.lineno or 0)

    body = "async def __fragment():\n" + textwrap.indent(code, "    ", lambda ln: True) + "\n"
    notes = []
    try:
        parse(code)
        note = ""
    except Fail as first:
        try:
            parse(body)
            note = "function body"
        except Fail:
            tree = ts_parse("python", code)
            if ts_first_error(tree) is None and first.line and (first.line - 1) in python_312_rows(tree):
                note = "python 3.12"
            else:
                raise first
    if note:
        notes.append(note)
    expected = expected_output("python", code)
    ran = False
    if expected and note:
        notes.append("→ not run")
    elif expected:
        path = SCRATCH.file(code, ".py")
        compare_output(expected, run([sys.executable, "-I", str(path)], timeout=10), "python")
        ran = True
    r = ok(", ".join(notes))
    r.ran = ran
    return r


# ---------------------------------------------------------------------------------------------------------
# Shell

PROMPT = re.compile(r"^\$ ?")


def transcript_commands(code: str) -> str | None:
    """The commands of a `$ ` transcript (output lines blanked so line numbers stay), or None."""
    lines = code.split("\n")
    if not any(line.startswith("$ ") for line in lines):
        return None
    out, continuing = [], False
    for line in lines:
        if line.startswith("$ ") or line == "$":
            out.append(PROMPT.sub("", line, count=1))
            continuing = line.rstrip().endswith("\\")
        elif continuing or line.startswith("> "):
            out.append(line[2:] if line.startswith("> ") else line)
            continuing = line.rstrip().endswith("\\")
        else:
            out.append("")
            continuing = False
    return "\n".join(out)


def bash_n(text: str) -> None:
    proc = run(["bash", "-n"], stdin=text)
    if proc.returncode != 0:
        msg = proc.stderr.strip().splitlines()
        first = msg[0] if msg else "bash -n failed"
        m = re.search(r"line (\d+):", first)
        raise Fail("bash -n: " + re.sub(r"^bash: (line \d+: )?", "", first), int(m.group(1)) if m else 0)


def check_shell(block: Block) -> Result:
    commands = transcript_commands(block.code)
    text = block.code if commands is None else commands
    words = [ln.split()[0] for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    if words and all(w.upper() == w and w.upper() in REDIS_COMMANDS for w in words):
        raise Fail("these are Redis commands: label the block ```redis", 1)
    bash_n(text)
    return ok("transcript" if commands is not None else "")


def check_console(block: Block) -> Result:
    """A terminal session: its `$ ` commands are checked as bash; one without prompts is only output."""
    commands = transcript_commands(block.code)
    if commands is None:
        return Result("excused", "not code")
    bash_n(commands)
    return ok("transcript")


# ---------------------------------------------------------------------------------------------------------
# Redis

REDIS_COMMANDS = set("""
APPEND AUTH BGREWRITEAOF BGSAVE BITCOUNT BITFIELD BITFIELD_RO BITOP BITPOS BLMOVE BLMPOP BLPOP BRPOP BRPOPLPUSH
BZMPOP BZPOPMAX BZPOPMIN CLIENT CLUSTER COMMAND CONFIG COPY DBSIZE DECR DECRBY DEL DISCARD DUMP ECHO EVAL
EVALSHA EVALSHA_RO EVAL_RO EXEC EXISTS EXPIRE EXPIREAT EXPIRETIME FCALL FCALL_RO FLUSHALL FLUSHDB FUNCTION
GEOADD GEODIST GEOHASH GEOPOS GEOSEARCH GEOSEARCHSTORE GET GETBIT GETDEL GETEX GETRANGE GETSET HDEL HELLO
HEXISTS HEXPIRE HGET HGETALL HINCRBY HINCRBYFLOAT HKEYS HLEN HMGET HMSET HPERSIST HPEXPIRE HRANDFIELD HSCAN
HSET HSETNX HSTRLEN HTTL HVALS INCR INCRBY INCRBYFLOAT INFO KEYS LASTSAVE LATENCY LCS LINDEX LINSERT LLEN
LMOVE LMPOP LOLWUT LPOP LPOS LPUSH LPUSHX LRANGE LREM LSET LTRIM MEMORY MGET MIGRATE MONITOR MOVE MSET MSETNX
MULTI OBJECT PERSIST PEXPIRE PEXPIREAT PEXPIRETIME PFADD PFCOUNT PFMERGE PING PSETEX PSUBSCRIBE PTTL PUBLISH
PUBSUB PUNSUBSCRIBE QUIT RANDOMKEY READONLY READWRITE RENAME RENAMENX REPLICAOF RESET RESTORE ROLE RPOP
RPOPLPUSH RPUSH RPUSHX SADD SAVE SCAN SCARD SCRIPT SDIFF SDIFFSTORE SELECT SET SETBIT SETEX SETNX SETRANGE
SHUTDOWN SINTER SINTERCARD SINTERSTORE SISMEMBER SLOWLOG SMEMBERS SMISMEMBER SMOVE SORT SORT_RO SPOP
SPUBLISH SRANDMEMBER SREM SSCAN SSUBSCRIBE STRLEN SUBSCRIBE SUNION SUNIONSTORE SUNSUBSCRIBE SWAPDB SYNC TIME
TOUCH TTL TYPE UNLINK UNSUBSCRIBE UNWATCH WAIT WAITAOF WATCH XACK XADD XAUTOCLAIM XCLAIM XDEL XGROUP XINFO
XLEN XPENDING XRANGE XREAD XREADGROUP XREVRANGE XSETID XTRIM ZADD ZCARD ZCOUNT ZDIFF ZDIFFSTORE ZINCRBY ZINTER
ZINTERCARD ZINTERSTORE ZLEXCOUNT ZMPOP ZMSCORE ZPOPMAX ZPOPMIN ZRANDMEMBER ZRANGE ZRANGEBYLEX ZRANGEBYSCORE
ZRANGESTORE ZRANK ZREM ZREMRANGEBYLEX ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREVRANGE ZREVRANGEBYLEX
ZREVRANGEBYSCORE ZREVRANK ZSCAN ZSCORE ZUNION ZUNIONSTORE
""".split())


def redis_tokens(text: str, start: int) -> tuple[list[str], int]:
    """Splits one command the way redis-cli does ("..." with \\ escapes, '...' literal), from `start`;
    a quoted argument may span lines. Returns the arguments and the index after the command."""
    args, i, n = [], start, len(text)
    while True:
        while i < n and text[i] in " \t":
            i += 1
        if i >= n or text[i] == "\n":
            return args, i + 1
        if text[i] == "#" and (i == 0 or text[i - 1] in " \t\n"):
            while i < n and text[i] != "\n":
                i += 1
            continue
        arg, quote = [], None
        while i < n:
            c = text[i]
            if quote == '"':
                if c == "\\" and i + 1 < n:
                    arg.append({"n": "\n", "t": "\t", "r": "\r"}.get(text[i + 1], text[i + 1]))
                    i += 2
                    continue
                if c == '"':
                    quote = None
                    i += 1
                    if i < n and text[i] not in " \t\n":
                        raise Fail("closing quote must be followed by a space", text.count("\n", 0, i) + 1)
                    break
                arg.append(c)
            elif quote == "'":
                if c == "'":
                    quote = None
                    i += 1
                    if i < n and text[i] not in " \t\n":
                        raise Fail("closing quote must be followed by a space", text.count("\n", 0, i) + 1)
                    break
                arg.append(c)
            elif c in " \t\n":
                break
            elif c in "\"'" and not arg:
                quote = c
            else:
                arg.append(c)
            i += 1
        if quote:
            raise Fail("unbalanced quotes", text.count("\n", 0, start) + 1)
        args.append("".join(arg))


def check_redis(block: Block) -> Result:
    text, i = block.code, 0
    while i < len(text):
        line = text.count("\n", 0, i) + 1
        args, i = redis_tokens(text, i)
        if not args:
            continue
        name = args[0].upper()
        if name not in REDIS_COMMANDS:
            raise Fail(f"unknown Redis command `{args[0]}`", line)
        if name in ("EVAL", "EVAL_RO"):
            if len(args) < 3:
                raise Fail(f"{name} needs a script and a key count", line)
            lua_parse(args[1], line)
    return ok()


# ---------------------------------------------------------------------------------------------------------
# SQL

SQL_DIALECT = re.compile(r"--\s*(MySQL|PostgreSQL|Postgres)\b", re.I)
SQL_COMMENTS = re.compile(r"--[^\n]*|/\*.*?\*/", re.S)


def sql_statements(code: str) -> list[tuple[int, str, str]]:
    """Splits SQL on `;` (or the mysql client's `\G`) outside quotes, dollar quotes and comments. Returns
    (line of its first character, 1-based; text; the comment after its terminator on the same line)."""
    out, i, n, start = [], 0, len(code), 0

    def cut(end_of_statement: int, after: int) -> int:
        eol = code.find("\n", after)
        eol = n if eol < 0 else eol
        out.append((start, code[start:end_of_statement], code[after:eol].strip()))
        return eol

    while i < n:
        c = code[i]
        if code.startswith("--", i):
            j = code.find("\n", i)
            i = n if j < 0 else j
        elif code.startswith("/*", i):
            j = code.find("*/", i + 2)
            i = n if j < 0 else j + 2
        elif c in "'\"`":
            j = i + 1
            while j < n:
                if code[j] == "\\" and c == "'":
                    j += 2
                elif code[j] == c and code[j + 1 : j + 2] == c:
                    j += 2
                elif code[j] == c:
                    break
                else:
                    j += 1
            i = j + 1
        elif c == "$" and (m := re.match(r"\$([A-Za-z_]\w*)?\$", code[i:])):
            j = code.find(m.group(0), i + len(m.group(0)))
            i = n if j < 0 else j + len(m.group(0))
        elif c == ";":
            start = i = cut(i + 1, i + 1)
        elif code.startswith("\\G", i):
            start = i = cut(i, i + 2)  # the mysql client's "vertical output" terminator
        else:
            i += 1
    if code[start:].strip():
        out.append((start, code[start:], ""))
    return [(code.count("\n", 0, off) + 1, text, trailing) for off, text, trailing in out]


def sql_parameters(text: str) -> str:
    """psql variables and named bind parameters (`:name`, `:'name'`, `:"name"`) read as `$1`, a string and an
    identifier, as psql or the driver would substitute them."""
    text = re.sub(r"(?<![:\w]):'(\w+)'", "'x'", text)
    text = re.sub(r'(?<![:\w]):"(\w+)"', '"x"', text)
    return re.sub(r"(?<![:\w\]]):([A-Za-z_]\w*)", "$1", text)


SQL_CLAUSE = re.compile(r"^\s*(WHERE|ORDER\s+BY|GROUP\s+BY|HAVING|(LEFT\s+|RIGHT\s+|INNER\s+|CROSS\s+)?JOIN|LIMIT)\b",
                        re.I)


def pg_parse(text: str, line: int) -> str:
    import pglast

    body = SQL_COMMENTS.sub(lambda m: blank_keep_lines(m), text)
    note = ""
    if SQL_CLAUSE.match(body):
        # A clause on its own: read after `SELECT * FROM t`, on the same line so line numbers hold.
        text, note = "SELECT * FROM t " + text.lstrip(), "clause"
        line += body[: len(body) - len(body.lstrip())].count("\n")
    try:
        pglast.parser.parse_sql(sql_parameters(text))
    except pglast.parser.ParseError as e:
        location = getattr(e, "location", None)
        where = line + (text.count("\n", 0, location) if location else 0)
        raise Fail(f"pglast: {e.args[0] if e.args else e}", where)
    return note


def mysql_parse(text: str, line: int) -> str:
    import sqlglot
    from sqlglot import exp

    try:
        trees = sqlglot.parse(text, read="mysql")
    except sqlglot.errors.ParseError as e:
        err = e.errors[0] if getattr(e, "errors", None) else {}
        where = line + (err.get("line", 1) - 1) if err else line
        raise Fail(f"sqlglot (mysql): {one_line(err.get('description') or str(e), 120)}", where)
    for tree in trees:
        if isinstance(tree, exp.Command):
            # sqlglot keeps statements it has no grammar for as raw commands: not a check.
            raise Fail(f"sqlglot (mysql) has no grammar for `{one_line(tree.sql(), 60)}`", line)
    return ""


def check_sql(block: Block) -> Result:
    dialect = "mysql" if "mysql" in block.flags or block.lang == "mysql" else "postgresql"
    used, notes = set(), set()
    for line, text, trailing in sql_statements(block.code):
        # A comment line starting `-- MySQL` / `-- PostgreSQL` switches the dialect of what follows; the same
        # comment after a statement's `;` sets that statement's only.
        for src_line in text.split("\n"):
            m = SQL_DIALECT.match(src_line.strip())
            if m:
                dialect = "mysql" if m.group(1).lower() == "mysql" else "postgresql"
        m = SQL_DIALECT.match(trailing)
        which = ("mysql" if m.group(1).lower() == "mysql" else "postgresql") if m else dialect
        if not SQL_COMMENTS.sub("", text).strip():
            continue
        used.add(which)
        note = (mysql_parse if which == "mysql" else pg_parse)(text, line)
        if note:
            notes.add(note)
    notes.add({frozenset({"mysql"}): "mysql", frozenset({"mysql", "postgresql"}): "postgresql + mysql"}
              .get(frozenset(used), ""))
    return ok(", ".join(sorted(filter(None, notes))))


# ---------------------------------------------------------------------------------------------------------
# Data and config formats


def check_json(block: Block) -> Result:
    if block.lang in ("jsonc", "json5") or "jsonc" in block.flags or "json5" in block.flags:
        import json5

        try:
            json5.loads(block.code)
        except ValueError as e:
            m = re.search(r"line (\d+)", str(e))
            raise Fail(f"json5: {one_line(str(e))}", int(m.group(1)) if m else 0)
        return ok("jsonc")
    try:
        json.loads(block.code)
    except json.JSONDecodeError as e:
        raise Fail(f"json: {e.msg} (column {e.colno})", e.lineno)
    return ok()


def check_yaml(block: Block) -> Result:
    import yaml

    try:
        list(yaml.safe_load_all(block.code))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        raise Fail(f"yaml: {one_line(str(getattr(e, 'problem', None) or e))}", mark.line + 1 if mark else 0)
    return ok()


def check_toml(block: Block) -> Result:
    import tomllib

    try:
        tomllib.loads(block.code)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        raise Fail(f"toml: {e}", int(m.group(1)) if m else 0)
    return ok()


def check_nginx(block: Block) -> Result:
    import crossplane

    def parse(text):
        path = SCRATCH.file(text, ".conf")
        payload = crossplane.parse(str(path), single=True, check_ctx=True, check_args=True, comments=False)
        for f in payload["config"]:
            for err in f["errors"]:
                raise Fail("crossplane: " + err["error"].replace(str(path), "block").split(" in block:")[0],
                           err.get("line") or 0)

    preludes = [
        ("", "", ""),
        ("in http", "http {\n", "\n}\n"),
        ("in server", "http {\nserver {\n", "\n}\n}\n"),
        ("in location", "http {\nserver {\nlocation / {\n", "\n}\n}\n}\n"),
    ]
    note, _, _ = try_preludes(block.code, preludes, parse)
    return ok(note)


def check_xml(block: Block) -> Result:
    import xml.etree.ElementTree as ET

    def parse(text):
        try:
            ET.fromstring(text)
        except ET.ParseError as e:
            raise Fail(f"xml: {e}", e.position[0])

    code = re.sub(r"^\s*<\?xml[^>]*\?>", "", block.code)
    note, _, _ = try_preludes(code, [("", "", ""), ("in a root element", "<fragment>\n", "\n</fragment>\n")],
                              parse)
    return ok(note)


def html_errors(text: str) -> None:
    err = ts_first_error(ts_parse("html", text))
    if err:
        raise Fail(f"html: {err[1]}", err[0] + 1)


def check_html(block: Block) -> Result:
    if re.search(r"\{[{%#]", block.code):
        raise Fail("Jinja syntax in an html block: label it ```jinja", 1)
    html_errors(block.code)
    return ok()


def blank_keep_lines(m: re.Match, fill: str = " ") -> str:
    return "".join(c if c == "\n" else fill for c in m.group(0))


def check_jinja(block: Block) -> Result:
    import jinja2

    try:
        jinja2.Environment(extensions=["jinja2.ext.do", "jinja2.ext.loopcontrols"]).parse(block.code)
    except jinja2.TemplateSyntaxError as e:
        raise Fail(f"jinja2: {e.message}", e.lineno or 0)
    # The HTML around the template tags must be well formed too.
    html = re.sub(r"\{#.*?#\}|\{%.*?%\}", blank_keep_lines, block.code, flags=re.S)
    html = re.sub(r"\{\{.*?\}\}", lambda m: blank_keep_lines(m, "x"), html, flags=re.S)
    html_errors(html)
    return ok()


# Blade directives that open a block, with their closing directive.
BLADE_BLOCKS = {"if": "endif", "unless": "endunless", "isset": "endisset", "empty": "endempty",
                "foreach": "endforeach", "forelse": "endforelse", "for": "endfor", "while": "endwhile",
                "can": "endcan", "cannot": "endcannot", "canany": "endcanany", "auth": "endauth",
                "guest": "endguest", "switch": "endswitch", "section": "endsection", "push": "endpush",
                "pushOnce": "endPushOnce", "prepend": "endprepend", "once": "endonce", "env": "endenv",
                "production": "endproduction", "error": "enderror", "php": "endphp", "verbatim": "endverbatim",
                "session": "endsession", "fragment": "endfragment", "component": "endcomponent",
                "slot": "endslot", "hasSection": "endif", "sectionMissing": "endif"}
# Directives inside a block or on their own.
BLADE_OTHER = {"else", "elseif", "empty", "csrf", "method", "break", "continue", "case", "default", "show",
               "stop", "append", "overwrite", "parent", "yield", "stack", "include", "includeIf",
               "includeWhen", "includeUnless", "includeFirst", "each", "extends", "json", "class", "style",
               "checked", "selected", "disabled", "readonly", "required", "dd", "dump", "lang", "choice",
               "inject", "use", "props", "aware", "vite", "viteReactRefresh", "livewireStyles",
               "livewireScripts", "livewire", "auth", "guest", "production", "env", "error", "session"}
# How a directive's argument list is parsed as PHP (default: as a call's arguments).
BLADE_ARGS_AS = {"foreach": "foreach ({}) {{}}", "forelse": "foreach ({}) {{}}", "for": "for ({}) {{}}",
                 "if": "if ({}) {{}}", "elseif": "if ({}) {{}}", "unless": "if ({}) {{}}",
                 "while": "while ({}) {{}}", "switch": "switch ({}) {{}}", "php": "{};"}


def blade_opens(name: str, args: str | None) -> bool:
    if name not in BLADE_BLOCKS:
        return False
    if name == "php":
        return args is None  # @php($x = 1) is inline
    if name == "empty":
        return args is not None  # bare @empty is the else-branch of @forelse
    if name in ("section", "slot"):
        return args is None or "," not in args  # @section('title', 'Home') is inline
    return True


def balanced(text: str, i: int) -> int:
    """Index after the `)` that closes the `(` at text[i], skipping PHP strings."""
    depth, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "'\"":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise Fail("unclosed `(`", text.count("\n", 0, i) + 1)


def php_expression(expr: str, line: int, what: str, template: str = "{};") -> None:
    text = "<?php\n" + template.format(expr) + "\n"
    err = ts_first_error(ts_parse("php", text))
    if err:
        raise Fail(f"{what}: PHP {err[1]}", line + max(err[0] - 1, 0))


def check_blade(block: Block) -> Result:
    code = re.sub(r"\{\{--.*?--\}\}", blank_keep_lines, block.code, flags=re.S)
    code = re.sub(r"@\{\{.*?\}\}", blank_keep_lines, code, flags=re.S)
    line_of = lambda i: code.count("\n", 0, i) + 1  # noqa: E731
    for m in re.finditer(r"\{!!(.*?)!!\}|\{\{(.*?)\}\}", code, flags=re.S):
        php_expression(m.group(1) if m.group(1) is not None else m.group(2), line_of(m.start()), "echo")
    # `:prop="expr"` on components is PHP too.
    for m in re.finditer(r"<x-[\w.:-]+\b[^>]*>", code, flags=re.S):
        for a in re.finditer(r"\s:([\w-]+)=\"([^\"]*)\"", m.group(0)):
            php_expression(a.group(2), line_of(m.start() + a.start()), f":{a.group(1)}")
    stack: list[tuple[str, int]] = []
    for m in re.finditer(r"(?<![\w@])@(\w+)", code):
        name, line = m.group(1), line_of(m.start())
        closing = name.startswith("end") or name in ("show", "stop", "append", "overwrite")
        if name not in BLADE_BLOCKS and name not in BLADE_OTHER and not closing:
            raise Fail(f"unknown Blade directive @{name}", line)
        j = m.end()
        while j < len(code) and code[j] in " \t":
            j += 1
        args = None
        if j < len(code) and code[j] == "(":
            args = code[j + 1 : balanced(code, j) - 1]
            php_expression(args, line, f"@{name}", BLADE_ARGS_AS.get(name, "f({});"))
        if blade_opens(name, args):
            stack.append((name, line))
        elif closing:
            if not stack:
                raise Fail(f"@{name} without an opening directive", line)
            opener, _ = stack.pop()
            if name != BLADE_BLOCKS[opener] and not (name in ("show", "stop", "append", "overwrite")
                                                     and opener == "section"):
                raise Fail(f"@{name} closes @{opener}", line)
        elif name in ("else", "elseif", "empty", "case", "default", "break", "continue") and not stack:
            raise Fail(f"@{name} outside a block", line)
    if stack:
        name, line = stack[-1]
        raise Fail(f"@{name} is never closed (@{BLADE_BLOCKS[name]})", line)
    return ok()


def check_ejs(block: Block) -> Result:
    """EJS compiled as EJS does (`<% code %>` as is, `<%= x %>`/`<%- x %>` as output calls), the JavaScript
    compiled by node, then the HTML left checked by tree-sitter-html."""
    parts, html, pos = [], [], 0
    for m in re.finditer(r"<%([_=\-#]?)(.*?)[-_]?%>", block.code, flags=re.S):
        text, kind, body = block.code[pos : m.start()], m.group(1), m.group(2)
        html += [text, blank_keep_lines(m, "x")]
        parts.append("\n" * text.count("\n"))  # keeps the block's line numbers in the JavaScript
        if kind in ("=", "-"):
            parts.append(f"__append(({body}));")
        elif kind == "#":
            parts.append("\n" * body.count("\n"))
        else:
            parts.append("; " + body + " ")  # EJS puts `; ` before a scriptlet too
        pos = m.end()
    if "<%" in block.code[pos:]:
        raise Fail("unclosed `<%`", block.code.count("\n", 0, block.code.index("<%", pos)) + 1)
    html.append(block.code[pos:])
    js = "".join(parts)
    if NODE:
        try:
            node_check(js, ".cjs")
        except Fail:
            raise node_check_message(js, ".cjs")
    html_errors("".join(html))
    return ok()


DOCKER_INSTRUCTIONS = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
                       "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL", "MAINTAINER"}


def check_dockerfile(block: Block) -> Result:
    from dockerfile_parse import DockerfileParser

    path = SCRATCH.path("")
    path.mkdir()
    parser = DockerfileParser(path=str(path))
    parser.content = block.code
    for ins in parser.structure:
        line = ins["startline"] + 1
        name = ins["instruction"].upper()
        if name not in DOCKER_INSTRUCTIONS:
            raise Fail(f"unknown Dockerfile instruction {ins['instruction']}", line)
        value = ins["value"].strip()
        if name in ("RUN", "CMD", "ENTRYPOINT", "SHELL") and value.startswith("["):
            try:
                form = json.loads(value)
                assert isinstance(form, list) and all(isinstance(x, str) for x in form)
            except (json.JSONDecodeError, AssertionError):
                raise Fail(f"{name}: exec form is not a JSON array of strings", line)
        elif name == "RUN":
            value = re.sub(r"^(--\w+(=\S+)?\s+)+", "", value)
            try:
                bash_n(value)
            except Fail as e:
                raise Fail(f"RUN: {e.message}", line)
    return ok()


def check_graphql(block: Block) -> Result:
    from graphql import GraphQLSyntaxError, parse

    try:
        parse(block.code)
    except GraphQLSyntaxError as e:
        raise Fail(f"graphql: {e.message}", e.locations[0].line if e.locations else 0)
    return ok()


PROTO_LOCK = threading.Lock()


def check_protobuf(block: Block) -> Result:
    from proto_schema_parser.parser import Parser

    def parse(text):
        # The parser recovers from syntax errors and only prints them (ANTLR's console listener), so what it
        # prints is the verdict.
        errors = io.StringIO()
        with PROTO_LOCK, contextlib.redirect_stderr(errors):
            try:
                Parser().parse(text)
            except Exception as e:  # noqa: BLE001 - a visitor crash on a broken tree
                print(f"line 0:0 {e}", file=sys.stderr)
        first = errors.getvalue().strip().splitlines()
        if first:
            m = re.match(r"line (\d+):\d+ (.*)", first[0])
            raise Fail(f"proto: {one_line(m.group(2) if m else first[0], 120)}", int(m.group(1)) if m else 0)

    preludes = [("", "", ""), ("service body", 'syntax = "proto3";\nservice __Fragment {\n', "\n}\n"),
                ("message body", 'syntax = "proto3";\nmessage __Fragment {\n', "\n}\n")]
    note, _, _ = try_preludes(block.code, preludes, parse)
    return ok(note)


def lua_parse(text: str, line: int = 1) -> None:
    from luaparser import ast as lua_ast

    try:
        lua_ast.parse(text)
    except Exception as e:  # luaparser raises SyntaxException
        m = re.search(r"line (\d+)", str(e))
        raise Fail(f"lua: {one_line(str(e), 120)}", line + (int(m.group(1)) - 1 if m else 0))


def check_lua(block: Block) -> Result:
    lua_parse(block.code)
    return ok()


# ---------------------------------------------------------------------------------------------------------
# Languages

CHECKERS = {
    "php": check_php, "js": check_js, "ts": check_ts, "python": check_python, "bash": check_shell,
    "console": check_console, "redis": check_redis, "sql": check_sql, "json": check_json,
    "yaml": check_yaml, "toml": check_toml, "nginx": check_nginx, "xml": check_xml, "html": check_html,
    "jinja": check_jinja, "blade": check_blade, "ejs": check_ejs, "dockerfile": check_dockerfile,
    "graphql": check_graphql, "protobuf": check_protobuf, "lua": check_lua,
}
ALIASES = {
    "javascript": "js", "mjs": "js", "cjs": "js", "node": "js", "typescript": "ts", "py": "python",
    "python3": "python", "sh": "bash", "shell": "bash", "zsh": "bash", "shell-session": "console",
    "yml": "yaml", "jsonc": "json", "json5": "json", "proto": "protobuf", "docker": "dockerfile",
    "jinja2": "jinja", "postgresql": "sql", "mysql": "sql", "txt": "text", "plaintext": "text",
    "env": "dotenv",
}
# Not code: shown as is, nothing to parse.
NOT_CODE = {
    "text": "diagrams, plans and other plain text",
    "http": "HTTP messages, shown as on the wire",
    "ini": "php.ini and similar settings, no one grammar",
    "dotenv": "environment files",
    "output": "program output",
    "diff": "diffs",
    "markdown": "Markdown",
}


# Code with no parser available from the registries CI reaches: excused by language, counted.
NO_PARSER = {
    "cql": "Cassandra CQL, no parser on PyPI",
}


# Info-string flags that excuse a block its parser rejects (and fail one it accepts).
EXCUSE_FLAGS = {
    "fragment": "not a whole program and no prelude makes it one",
    "unchecked": "correct, but beyond the grammar of every parser available here",
}


def canonical(lang: str) -> str:
    return ALIASES.get(lang, lang)


def check(block: Block) -> Result:
    lang = canonical(block.lang)
    if not lang:
        return Result("failed", "no language tag after the opening fence", 0)
    if lang in NOT_CODE:
        return Result("excused", "not code")
    if lang in NO_PARSER:
        return Result("excused", "no parser")
    checker = CHECKERS.get(lang)
    if checker is None:
        return Result("failed", f"no checker for `{block.lang}`: add one to {Path(__file__).name} "
                                f"or list it as not code")
    excuse = next((f for f in block.flags if f in EXCUSE_FLAGS), None)
    try:
        result = checker(block)
    except Fail as e:
        if excuse:
            return Result("excused", excuse)
        return Result("failed", e.message, e.line)
    except subprocess.TimeoutExpired as e:
        return Result("failed", f"timed out: {e.cmd[0]}")
    except Exception as e:  # noqa: BLE001 - a parser library's own bug must not hide the other results
        return Result("failed", f"checker crashed: {type(e).__name__}: {one_line(str(e), 120)}")
    if excuse:
        return Result("failed", f"marked `{excuse}` but it parses: remove the flag")
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="list every block and how it passed")
    ap.add_argument("files", nargs="*", type=Path, help="Markdown files (default: the whole bank)")
    args = ap.parse_args()
    global SCRATCH
    SCRATCH = Scratch()

    files = [f.resolve() for f in args.files] or sorted(
        p for p in CORPUS.rglob("*.md") if p.resolve() != (CORPUS / "README.md").resolve()
    )
    blocks = [b for f in files for b in extract(f)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        results = list(pool.map(check, blocks))
    PHP_LINT.close()
    NODE_COMPILE.close()
    shutil.rmtree(SCRATCH.dir, ignore_errors=True)

    per: dict[str, dict] = {}
    failures = []
    for block, r in zip(blocks, results):
        lang = canonical(block.lang) or "(none)"
        s = per.setdefault(lang, {"checked": 0, "excused": {}, "failed": 0, "notes": {}, "ran": 0})
        if r.status == "ok":
            s["checked"] += 1
            for note in filter(None, (n.strip() for n in r.note.split(","))):
                s["notes"][note] = s["notes"].get(note, 0) + 1
            s["ran"] += r.ran
        elif r.status == "excused":
            s["excused"][r.message] = s["excused"].get(r.message, 0) + 1
        else:
            s["failed"] += 1
            failures.append(f"{block.rel()}:{block.line + (r.line or 0)}: {lang}: {r.message}")
        if args.verbose:
            how = f" ({r.note or r.message})" if (r.note or r.message) else ""
            print(f"{block.rel()}:{block.line}: {lang}: {r.status}{how}" + (" [ran]" if r.ran else ""))

    def excused_text(ex: dict) -> str:
        total = sum(ex.values())
        return f"{total} excused" + (" (" + ", ".join(f"{k}" if len(ex) == 1 else f"{k}: {v}"
                                                      for k, v in sorted(ex.items())) + ")" if ex else "")

    order = sorted(per, key=lambda k: (-(per[k]["checked"] + sum(per[k]["excused"].values())
                                         + per[k]["failed"]), k))
    for lang in order:
        s = per[lang]
        extra = [f"{v} {k}" for k, v in sorted(s["notes"].items(), key=lambda kv: (-kv[1], kv[0]))]
        if s["ran"]:
            extra.append(f"{s['ran']} run against their → comments")
        print(f"{lang}: {s['checked']} checked, {excused_text(s['excused'])}, {s['failed']} failed"
              + (f" [{'; '.join(extra)}]" if extra else ""))
    checked = sum(s["checked"] for s in per.values())
    excused = sum(sum(s["excused"].values()) for s in per.values())
    ran = sum(s["ran"] for s in per.values())
    print(f"total: {len(blocks)} blocks in {len(files)} files, {checked} checked, {excused} excused, "
          f"{len(failures)} failed, {ran} run against their → comments"
          + ("" if PHP else "; php not installed: no php -l, no PHP runs")
          + ("" if NODE else "; node not installed: JS checked by tree-sitter only"))
    for f in failures:
        print(f)
    return 1 if failures else 0


if __name__ == "__main__":
    bootstrap()
    sys.exit(main())
