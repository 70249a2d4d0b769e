# The page of mufakat serve's HTTP and JSON API (tools/mufakat/cmd-serve.c).
MAN_SERVE = \
	man/mufakat-serve.7
