#!/usr/bin/env bash
# Headless Neovim (Debian's 0.7.2) against the real server.
exec bash "$(dirname "$0")/../../editors/nvim/tests/run.sh"
