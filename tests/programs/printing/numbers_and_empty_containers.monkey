// negative integers and empty containers inside containers
[-1, [-2, []], {-3: {}}]
