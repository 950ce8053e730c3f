// CheckKey: integers, booleans and strings are hash keys; anything else is an error the
// interpreter reports.
if (t$X !== $INT && t$X !== $BOOL && t$X !== $STR) $SUSPEND
