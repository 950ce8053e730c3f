// Pop: the top slot is simply no longer read (nothing to emit).
