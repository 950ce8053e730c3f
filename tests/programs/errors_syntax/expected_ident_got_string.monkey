// the token class STRING is named in the message
let "name";
