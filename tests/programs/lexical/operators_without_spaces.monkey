// every operator lexes correctly when written without spaces
let a=7;let b=3;
puts(a+b,a-b,a*b,a/b,a%b);
puts(a<b,a>b,a<=b,a>=b,a==b,a!=b);
puts(!true,-a,--a,!!a);
puts(a>b&&b>0||false);
let c=[a,b];c[0]+=1;c[1]-=1;c[0]*=2;c[1]/=2;c[0]%=5;
c
