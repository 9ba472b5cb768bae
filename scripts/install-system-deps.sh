#!/usr/bin/env bash
# Debian packages the full test suite needs: PostgreSQL 15 server (storage suite), xmlsec1 (independent
# signature check), poppler-utils (pdftotext, pdffonts on rendered PDFs), libxml2-utils (native xmllint over
# the served CDA), qpdf (PDF structure check), Chromium (browser tests of the UIs), and Ghostscript +
# LibreOffice headless (the migration's conversion of legacy originals to PDF/A).
set -euo pipefail
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends postgresql postgresql-contrib xmlsec1 poppler-utils \
  libxml2-utils qpdf chromium fonts-dejavu-core ghostscript libreoffice-writer-nogui libreoffice-draw-nogui
