#!/usr/bin/env bash
# Headless Neovim (Debian's 0.7.2) against the real server, then what the
# plugin's docs promise: the shipped help tags, and the nvim-lspconfig
# snippet of editors/nvim/README.md on this Neovim.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
bash editors/nvim/tests/run.sh

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# doc/tags is exactly what :helptags generates from doc/dossier.txt.
cp -r editors/nvim/doc "$work/doc"
rm -f "$work/doc/tags"
timeout 60 nvim --headless -u NONE -i NONE -n -c "helptags $work/doc" -c q
diff -u "$work/doc/tags" editors/nvim/doc/tags \
  || fail "editors/nvim/doc/tags is stale: run :helptags editors/nvim/doc"

# :help dossier works straight from the runtimepath, without :helptags.
timeout 60 nvim --headless -u NONE -i NONE -n --cmd "set runtimepath^=$ROOT/editors/nvim" \
  -c "help dossier" \
  -c "if expand('%:t') !=# 'dossier.txt' | cquit 1 | endif" -c "qa!" \
  || fail ":help dossier does not open editors/nvim/doc/dossier.txt"

# The README's nvim-lspconfig snippet, verbatim, against a stand-in
# lspconfig that records the server it is given.
awk '/^## nvim-lspconfig users/{s=1} s&&/^```lua/{c=1;next} c&&/^```/{exit} c' \
  editors/nvim/README.md >"$work/snippet.lua"
grep -q lspconfig "$work/snippet.lua" || fail "no nvim-lspconfig snippet in editors/nvim/README.md"
mkdir -p "$work/rtp/lua/lspconfig"
cat >"$work/rtp/lua/lspconfig/configs.lua" <<'LUA'
return {}
LUA
cat >"$work/rtp/lua/lspconfig/util.lua" <<'LUA'
return { root_pattern = function(...) return function() return vim.fn.getcwd() end end }
LUA
cat >"$work/rtp/lua/lspconfig/init.lua" <<'LUA'
local configs = require("lspconfig.configs")
return setmetatable({}, { __index = function(_, name)
  return { setup = function() _G.lspconfig_setup = configs[name].default_config end }
end })
LUA
cat >"$work/check.lua" <<LUA
local ok, err = pcall(function()
  dofile("$work/snippet.lua")
  assert(_G.lspconfig_setup, "setup{} was not called")
  assert(vim.deep_equal(_G.lspconfig_setup.cmd, { "dossier", "lsp" }), "wrong cmd")
  for _, name in ipairs({ "a.dossier.yaml", "b.dossier.yml", "c.dossier.json" }) do
    vim.cmd("edit $work/" .. name)
    assert(vim.bo.filetype == "yaml.dossier", name .. ": filetype " .. vim.bo.filetype)
  end
end)
if not ok then
  io.stderr:write(tostring(err) .. "\n")
  vim.cmd("cquit 1")
end
vim.cmd("qa!")
LUA
timeout 60 nvim --headless -u NONE -i NONE -n --cmd "set runtimepath^=$work/rtp" --cmd "filetype on" \
  -c "luafile $work/check.lua" </dev/null 2>"$work/err" \
  || { cat "$work/err"; fail "the nvim-lspconfig snippet failed on $(nvim --version | head -1)"; }
[ ! -s "$work/err" ] || { cat "$work/err"; fail "the nvim-lspconfig snippet printed errors"; }
echo "neovim docs: tags, :help dossier and the nvim-lspconfig snippet work"
