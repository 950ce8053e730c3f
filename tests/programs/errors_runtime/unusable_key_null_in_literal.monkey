// null is not a usable hash key
let h = {null: 1};
