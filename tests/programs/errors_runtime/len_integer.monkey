// len of an integer
len(5)
