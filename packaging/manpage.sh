#!/usr/bin/env bash
# Writes clinic-kiosk(1) from the binary's own --help, so the man page covers every command the
# binary has, with the words `--help` prints: packaging/manpage.sh BINARY > clinic-kiosk.1
set -euo pipefail
bin=$1
version=$("$bin" --version | awk '{print $2}')

# roff: a leading dot or quote would be read as a request; backslashes and hyphens escaped.
esc() { sed -e 's/\\/\\e/g' -e 's/-/\\-/g' -e "s/^\([.']\)/\\\\\&\1/"; }

commands=$("$bin" --help | awk '/^Commands:/{on=1; next} on && /^$/{exit} on {print $1}' | grep -vx help)

cat <<ROFF
.TH CLINIC-KIOSK 1 "" "clinic-kiosk $version" "User Commands"
.SH NAME
clinic-kiosk \- an offline information kiosk for a clinic's waiting room
.SH SYNOPSIS
.B clinic-kiosk
[\fIOPTIONS\fR]
.br
.B clinic-kiosk
\fICOMMAND\fR [\fIOPTIONS\fR]
.SH DESCRIPTION
Without a command, opens the kiosk fullscreen. On an installed kiosk,
.B clinic-kiosk.service
runs it under
.BR cage (1)
on tty1 as the
.B clinic-kiosk
user, with the clinic's content in
.I /var/lib/clinic-kiosk/content
and usage counts and the staff PIN lockout in
.IR /var/lib/clinic-kiosk/data .
The factory content is kept read-only in
.IR /usr/share/clinic-kiosk/content .
.SH OPTIONS
.nf
ROFF
"$bin" --help | awk '/^Options:/{on=1; next} on' | esc
echo '.fi'
echo '.SH COMMANDS'
for c in $commands; do
  echo ".SS $c"
  echo '.nf'
  "$bin" "$c" --help | esc
  echo '.fi'
done
cat <<'ROFF'
.SH FILES
.TP
.I /var/lib/clinic-kiosk/content
The clinic's content: clinic.toml (with the staff PIN's hash), en/, es/, media/. Seeded from the
factory content on first install; an upgrade never changes it; a purge removes it.
.TP
.I /var/lib/clinic-kiosk/data
Usage counts and the staff PIN lockout, owned by clinic-kiosk.
.TP
.I /etc/clinic-kiosk/kiosk.env
Environment for the kiosk session (for example GDK_BACKEND=x11, RUST_LOG).
.SH EXAMPLES
.nf
sudo clinic\-kiosk doctor
sudo \-u clinic\-kiosk clinic\-kiosk set\-pin \-\-content /var/lib/clinic\-kiosk/content
journalctl \-u clinic\-kiosk
.fi
.SH SEE ALSO
.BR cage (1),
.BR systemctl (1),
.BR journalctl (1)
ROFF
