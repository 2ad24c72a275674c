# shellcheck shell=bash
# Sourced, not executed: defines load_dotenv, which exports the settings in the
# repository's .env without overriding variables already set in the environment
# (real environment variables win). Creates .env from .env.example when missing.
#
# The format is the plain dotenv one: KEY=value lines, optional "export ",
# '#' comments, blank lines, and values optionally wrapped in '...' or "...".
# Values are taken literally (no $VAR expansion, no command substitution).

load_dotenv() {
    local root=$1
    local file="$root/.env"
    if [[ ! -f $file ]]; then
        if [[ -f "$root/.env.example" ]]; then
            cp "$root/.env.example" "$file"
            echo "env: created .env from .env.example" >&2
        else
            echo "env: no .env and no .env.example in $root" >&2
            return 1
        fi
    fi

    local line key value
    while IFS= read -r line || [[ -n $line ]]; do
        line=${line%$'\r'}
        # strip leading whitespace
        line=${line#"${line%%[![:space:]]*}"}
        [[ -z $line || $line == \#* ]] && continue
        line=${line#export }
        [[ $line =~ ^([A-Za-z_][A-Za-z0-9_]*)[[:space:]]*=[[:space:]]*(.*)$ ]] || continue
        key=${BASH_REMATCH[1]}
        value=${BASH_REMATCH[2]}
        if [[ $value =~ ^\"(.*)\"[[:space:]]*$ || $value =~ ^\'(.*)\'[[:space:]]*$ ]]; then
            value=${BASH_REMATCH[1]}
        else
            # unquoted: drop a trailing " # comment" and trailing whitespace
            value=${value%%[[:space:]]#*}
            value=${value%"${value##*[![:space:]]}"}
        fi
        # real environment variables win over .env
        if [[ -z ${!key+set} ]]; then
            export "$key=$value"
        fi
    done <"$file"
}
