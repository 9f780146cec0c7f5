#!/usr/bin/env bash
# commit-msg hook: a subject line of 72 characters or fewer (the story goes in the body).
subject=$(head -n1 "$1")
if [ "${#subject}" -gt 72 ]; then
  echo "commit subject is ${#subject} characters; keep it to 72 and tell the story in the body" >&2
  exit 1
fi
