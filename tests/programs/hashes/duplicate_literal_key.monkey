// a key repeated in a literal keeps its first position and takes the last value
{"a": 1, "b": 2, "a": 3}
