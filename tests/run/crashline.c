/* crashline.c: a guest for crash-lines.test: a NULL read two calls deep. */
#include <stdio.h>

static int deref(int *p)
{
	return *p;
}

int main(void)
{
	int *volatile q = 0;
	printf("%d\n", deref(q));
	return 0;
}
