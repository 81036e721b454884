#!/usr/bin/env bash
# The VS Code extension: typecheck, unit tests, the .vsix, and the real
# extension in a real VS Code (code-server + headless Chromium).
exec bash "$(dirname "$0")/../../editors/vscode/test/e2e.sh"
