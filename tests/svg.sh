#!/bin/sh
# Not written yet.
exit 77
