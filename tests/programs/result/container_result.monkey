// a container result is printed like puts prints it
{"list": [1, "two"], "ok": true}
