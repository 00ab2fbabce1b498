/* The program every tool of make bench starts: it only exits, so that
 * what is measured is the tool in front of it. Built static, so that no
 * dynamic loader is part of the floor. */
int main(void) { return 0; }
