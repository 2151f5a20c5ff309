#!/usr/bin/env bash
# build-corpus.sh -- rebuild MOSLab's reference speech corpus (Corpus/nb, Corpus/wb)
# deterministically from Debian's Asterisk English prompts, then measure it
# (ITU-T P.56 method B) into Corpus/levels.csv.
#
#   scripts/corpus/build-corpus.sh
#
# Sources (Debian 12 "bookworm", CC-BY-SA-3.0, voice of Allison Smith):
#   asterisk-core-sounds-en-wav   8 kHz 16-bit mono WAV   -> narrowband clips (Corpus/nb)
#   asterisk-core-sounds-en-g722  G.722 64 kbit/s, 16 kHz -> wideband clips  (Corpus/wb),
#                                 decoded with ffmpeg's g722 decoder (so they carry G.722 coding)
# Each clip = silence ms | prompt | silence ms | prompt ... | silence ms (see CLIPS below).
# Prompts are trimmed to their speech and joined with digital silence by assemble.py.
# Needs: python3 + numpy, ffmpeg; installs the Debian packages if missing
# (apt-get; via sudo only when not root).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CORPUS="$ROOT/Corpus"
SOUNDS=/usr/share/asterisk/sounds/en

# ---- clip definitions: "subdir/name  rate  items..." (numbers = ms of silence) ----
NB_CLIPS=(
  "nb/nb01-directory      8000 500 dir-nomatch 1100 vm-sorry 1000 check-number-dial-again 450"
  "nb/nb02-conference     8000 500 conf-waitforleader 1000 conf-placeintoconf 1200 conf-now-recording 450"
  "nb/nb03-busy           8000 500 all-circuits-busy-now 1000 please-try-call-later 1100 cannot-complete-as-dialed 450"
  "nb/nb04-voicemail      8000 500 vm-msgsaved 1000 vm-next 1100 vm-repeat 450"
  "nb/nb05-hold           8000 500 pls-hold-while-try 1100 number-not-answering 1000 privacy-incorrect 450"
  "nb/nb06-echo-test      8000 500 demo-echodone 1000 something-terribly-wrong 1100 sorry-youre-having-problems 450"
  "nb/nb07-password       8000 500 vm-invalidpassword 1200 vm-newpassword 450"
  "nb/nb08-conference-pin 8000 500 conf-full 900 conf-noempty 1100 conf-invalidpin 450"
  "nb/nb09-mute           8000 500 conf-now-muted 1000 confbridge-removed 1100 confbridge-invalid 450"
  "nb/nb10-save-message   8000 500 vm-msgforwarded 1100 vm-savefolder 1000 vm-changeto 450"
)
WB_CLIPS=(
  "wb/wb01-new-user       16000 500 vm-newuser 1500 priv-recordintro 500"
  "wb/wb02-last-call      16000 500 transfer 1100 info-about-last-call 1000 from-unknown-caller 450"
  "wb/wb03-conference     16000 500 conf-leaderhasleft 1100 confbridge-locked 1000 conf-now-unmuted 450"
  "wb/wb04-message        16000 500 vm-nonumber 1100 vm-review-urgent 1100 vm-changeto 450"
  "wb/wb05-call-limit     16000 500 simul-call-limit-reached 1100 sorry-youre-having-problems 1000 enter-num-blacklist 450"
)

# ---- dependencies ----
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
need_pkgs=()
[ -f "$SOUNDS/tt-weasels.wav" ]  || need_pkgs+=(asterisk-core-sounds-en-wav)
[ -f "$SOUNDS/tt-weasels.g722" ] || need_pkgs+=(asterisk-core-sounds-en-g722)
command -v ffmpeg >/dev/null     || need_pkgs+=(ffmpeg)
python3 -c 'import numpy' 2>/dev/null || need_pkgs+=(python3-numpy)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  echo "installing: ${need_pkgs[*]}"
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y "${need_pkgs[@]}"
fi
for p in asterisk-core-sounds-en-wav asterisk-core-sounds-en-g722; do
  echo "$p $(dpkg-query -W -f='${Version}' "$p" 2>/dev/null || echo '?')"
done
echo "ffmpeg $(ffmpeg -version | head -1 | awk '{print $3}')"

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$TMP/nb" "$TMP/wb" "$CORPUS/nb" "$CORPUS/wb"
rm -f "$CORPUS"/nb/*.wav "$CORPUS"/wb/*.wav

build() {  # build SPEC  (kind = nb|wb from the subdir)
  # shellcheck disable=SC2086
  set -- $1
  local out="$1" rate="$2"; shift 2
  local kind="${out%%/*}" item
  for item in "$@"; do
    case "$item" in
      ''|*[!0-9]*)
        if [ "$kind" = nb ]; then
          cp "$SOUNDS/$item.wav" "$TMP/nb/$item.wav"
        elif [ ! -f "$TMP/wb/$item.wav" ]; then
          # Decode each prompt separately (no G.722 state carried across prompts).
          ffmpeg -nostdin -v error -y -f g722 -i "$SOUNDS/$item.g722" \
            -ar 16000 -ac 1 -c:a pcm_s16le -map_metadata -1 -fflags +bitexact "$TMP/wb/$item.wav"
        fi ;;
    esac
  done
  python3 "$HERE/assemble.py" "$CORPUS/$out.wav" "$rate" "$TMP/$kind" "$@"
}

for spec in "${NB_CLIPS[@]}" "${WB_CLIPS[@]}"; do build "$spec"; done

python3 "$HERE/measure.py" --check
python3 "$HERE/measure.py"
(cd "$CORPUS" && sha256sum nb/*.wav wb/*.wav > SHA256SUMS)
echo "done: $(ls "$CORPUS"/nb/*.wav "$CORPUS"/wb/*.wav | wc -l) clips, $(du -ch "$CORPUS"/nb/*.wav "$CORPUS"/wb/*.wav | tail -1 | cut -f1)"
