// hashes and arrays nested in each other
let db = {"users": [{"name": "ann", "age": 31}, {"name": "bob", "age": 27}]};
puts(db["users"][1]["name"]);
db["users"][0]["age"] += 1;
puts(db["users"][0]);
db["users"][1]["tags"] = ["x"];
db
