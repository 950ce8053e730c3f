// strings support + but not -
"abc" - "b"
