// len counts Unicode scalar values (characters), not bytes
puts(len(""));
puts(len("hello"));
puts(len("héllo"));
puts(len("日本"));
puts(len("😀"));
puts(len("naïve café"));
len("Grüße, 世界!")
