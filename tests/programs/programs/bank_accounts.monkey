// bank accounts as closures over private state
let account = fn(owner, balance) {
  let history = [];
  let deposit = fn(n) { balance += n; history = push(history, n); balance };
  let withdraw = fn(n) {
    if (n > balance) { return "insufficient funds"; }
    balance -= n;
    history = push(history, -n);
    balance
  };
  let report = fn() { owner + ": " + str(balance) + " " + str(history) };
  {"deposit": deposit, "withdraw": withdraw, "report": report}
};
let a = account("ann", 100);
let b = account("bob", 5);
puts(a["deposit"](50));
puts(a["withdraw"](30));
puts(b["withdraw"](10));
puts(b["deposit"](10));
puts(a["report"]());
b["report"]()
