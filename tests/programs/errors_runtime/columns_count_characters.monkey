// columns count characters, not bytes
let s = "日本語"; let n = s - 1;
