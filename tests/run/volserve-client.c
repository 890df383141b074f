/* volserve-client.c: a stand-in for a process-platform image that speaks 9P2000.L to uni-run's
 * volume server (UNI_RUN_VOL_FD) itself, built with the host cc without libc and marked as a uni
 * image (the notes below), so uni-run --accel process runs it. It prints one line per request,
 * which volserve.test compares; the host side of each change is checked there. Its mode is
 * the last word of its command line: "script" (the requests below), "fuzz" (random ones),
 * "kill" (write a file, then SIGKILL itself) or "wait" (hold the connection until stdin ends). */

/* The PVH entry and the uni ABI note (version UNI_ABI_VERSION, pvh and process); the test
 * passes the version as ABI. */
#define STR2(x) #x
#define STR(x) STR2(x)
__asm__(".pushsection .note.xen,\"a\",@note\n.balign 4\n.long 4, 4, 18\n.asciz \"Xen\"\n"
	".long _start\n.balign 4\n.long 4, 8, 2\n.asciz \"uni\"\n.long " STR(ABI) ", 3\n.popsection\n"
	".text\n.globl _start\n_start:\n mov %rsp, %rdi\n and $-16, %rsp\n call cmain\n hlt\n");

typedef unsigned long size_t;
typedef unsigned char u8;

static long sys(long n, long a, long b, long c)
{
	long r;
	__asm__ volatile("syscall" : "=a"(r) : "a"(n), "D"(a), "S"(b), "d"(c) : "rcx", "r11", "memory");
	return r;
}
#define SYS_READ 0
#define SYS_WRITE 1
#define SYS_GETPID 39
#define SYS_KILL 62
#define SYS_EXIT 231

static size_t slen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

static void out(const char *s) { sys(SYS_WRITE, 1, (long)s, (long)slen(s)); }

static void outbase(unsigned long v, unsigned base)
{
	char b[24], *p = b + sizeof b;
	*--p = 0;
	do
		*--p = (char)('0' + v % base);
	while (v /= base);
	out(p);
}
static void outn(unsigned long v) { outbase(v, 10); }

static int fd = -1;
static u8 req[70000], rep[70000];
static size_t rlen, pos;

static void begin(u8 type)
{
	rlen = 4;
	req[rlen++] = type;
	req[rlen++] = 1;
	req[rlen++] = 0;
}
static void p8(unsigned v) { req[rlen++] = (u8)v; }
static void p16(unsigned v) { p8(v & 0xff); p8(v >> 8); }
static void p32(unsigned v) { p16(v & 0xffff); p16(v >> 16); }
static void p64(unsigned long v) { p32((unsigned)v); p32((unsigned)(v >> 32)); }
static void pstr(const char *s)
{
	size_t n = slen(s);
	p16((unsigned)n);
	for (size_t i = 0; i < n; i++)
		p8((u8)s[i]);
}

static unsigned g8(void) { return rep[pos++]; }
static unsigned g16(void) { unsigned v = g8(); return v | g8() << 8; }
static unsigned g32(void) { unsigned v = g16(); return v | g16() << 16; }
static unsigned long g64(void) { unsigned long v = g32(); return v | (unsigned long)g32() << 32; }

static int read_all(u8 *p, size_t n)
{
	while (n) {
		long r = sys(SYS_READ, fd, (long)p, (long)n);
		if (r <= 0)
			return 0;
		p += r;
		n -= (size_t)r;
	}
	return 1;
}

/* Sends the request as built, with the size given (0: its own), and reads the reply; returns
 * its type, 0 when the server closed the connection. After an Rlerror, prints "error N". */
static unsigned transact_size(const char *what, unsigned size)
{
	unsigned n = size ? size : (unsigned)rlen;
	for (int i = 0; i < 4; i++)
		req[i] = (u8)(n >> (8 * i));
	out(what);
	out(": ");
	sys(SYS_WRITE, fd, (long)req, (long)rlen);
	if (!read_all(rep, 4)) {
		out("closed\n");
		return 0;
	}
	pos = 0;
	unsigned len = g32();
	if (len < 7 || len > sizeof rep || !read_all(rep + 4, len - 4)) {
		out("bad reply\n");
		return 0;
	}
	unsigned type = g8();
	g16();
	if (type == 7) {
		out("error ");
		outn(g32());
		out("\n");
	}
	return type;
}
static unsigned transact(const char *what) { return transact_size(what, 0); }

static void ok(unsigned type, unsigned want)
{
	if (type == want)
		out("ok\n");
	else if (type != 7)
		out("unexpected reply\n");
}

/* A qid's type as a word. */
static void qid(void)
{
	unsigned t = g8();
	g32();
	g64();
	out(t == 0x80 ? "dir" : t == 2 ? "symlink" : t == 0 ? "file" : "?");
}

static void version(unsigned msize)
{
	begin(100);
	p32(msize);
	pstr("9P2000.L");
	if (transact("version") == 101) {
		outn(g32());
		out(" ");
		unsigned n = g16();
		sys(SYS_WRITE, 1, (long)(rep + pos), n);
		out("\n");
	}
}

static void attach(unsigned fid, const char *aname)
{
	begin(104);
	p32(fid);
	p32(~0u);
	pstr("root");
	pstr(aname);
	p32(0);
	if (transact(aname) == 105) {
		qid();
		out("\n");
	}
}

/* Walks fid to newfid through the names (0-terminated: WALK("x", 1, 2, "a", "b", 0)). */
static void walk(const char *what, unsigned fid, unsigned newfid, const char *const *names)
{
	unsigned n = 0;
	while (names[n])
		n++;
	begin(110);
	p32(fid);
	p32(newfid);
	p16(n);
	for (unsigned i = 0; i < n; i++)
		pstr(names[i]);
	if (transact(what) == 111) {
		unsigned q = g16();
		for (unsigned i = 0; i < q; i++) {
			out(i ? " " : "");
			qid();
		}
		out(q ? "\n" : "none\n");
	}
}
#define WALK(what, fid, newfid, ...) walk(what, fid, newfid, (const char *const[]){ __VA_ARGS__ })

static void lopen(const char *what, unsigned fid, unsigned flags)
{
	begin(12);
	p32(fid);
	p32(flags);
	ok(transact(what), 13);
}

static void lcreate(const char *what, unsigned fid, const char *name, unsigned flags, unsigned mode)
{
	begin(14);
	p32(fid);
	pstr(name);
	p32(flags);
	p32(mode);
	p32(0);
	ok(transact(what), 15);
}

static void rw(const char *what, unsigned fid, const char *data)
{
	begin(data ? 118 : 116);
	p32(fid);
	p64(0);
	p32(data ? (unsigned)slen(data) : 100);
	for (size_t i = 0; data && data[i]; i++)
		p8((u8)data[i]);
	unsigned t = transact(what);
	if (t == 117) {
		unsigned n = g32();
		sys(SYS_WRITE, 1, (long)(rep + pos), n);
		out("\n");
	} else if (t == 119) {
		outn(g32());
		out("\n");
	}
}

static void clunk(unsigned fid)
{
	begin(120);
	p32(fid);
	ok(transact("clunk"), 121);
}

static void setattr(const char *what, unsigned fid, unsigned valid, unsigned mode, unsigned long size,
		    unsigned long mtime)
{
	begin(26);
	p32(fid);
	p32(valid);
	p32(mode);
	p32(0);
	p32(0);
	p64(size);
	p64(0);
	p64(0);
	p64(mtime);
	p64(0);
	ok(transact(what), 27);
}

/* Requests that name a file in a directory fid: unlinkat, mkdir, symlink, link. */
static void dirop(const char *what, u8 type, unsigned dfid, const char *name, const char *target,
		  unsigned num)
{
	begin(type);
	p32(dfid);
	if (type == 70)
		p32(num);
	pstr(name);
	if (type == 16)
		pstr(target);
	if (type == 72 || type == 76)
		p32(num);   /* mkdir's mode, unlinkat's flags */
	if (type == 72 || type == 16)
		p32(0);     /* gid */
	unsigned t = transact(what);
	if (t == 73 || t == 17) {
		qid();
		out("\n");
	} else {
		ok(t, type + 1u);
	}
}

static void getattr(const char *what, unsigned fid)
{
	begin(24);
	p32(fid);
	p64(0x7ff);
	if (transact(what) != 25)
		return;
	g64();
	qid();
	out(" mode ");
	outbase(g32() & 07777, 8);
	g32();
	g32();
	g64();
	g64();
	out(" size ");
	outn(g64());
	out("\n");
}

/* Messages the server must refuse without crashing; the last one ends the connection. */
static void malformed(void)
{
	begin(120);   /* Tclunk without its fid */
	transact("short clunk");
	begin(110);   /* Twalk of two names with one sent */
	p32(1);
	p32(9);
	p16(2);
	pstr("file.txt");
	transact("short walk");
	begin(110);   /* a name's length past the message's end */
	p32(1);
	p32(9);
	p16(1);
	p16(500);
	transact("long name");
	begin(40);    /* Treaddir: not served */
	p32(1);
	p64(0);
	p32(100);
	transact("readdir");
	rw("read unopened", 1, 0);
	begin(120);
	transact_size("oversized", 70000);
}

/* Fids up to the server's bound, then EMFILE. */
static void many_fids(void)
{
	for (unsigned n = 1000; n < 6000; n++) {
		begin(110);
		p32(1);
		p32(n);
		p16(0);
		for (int i = 0; i < 4; i++)
			req[i] = (u8)(rlen >> (8 * i));
		sys(SYS_WRITE, fd, (long)req, (long)rlen);
		if (!read_all(rep, 4) || !read_all(rep + 4, (rep[0] | rep[1] << 8) - 4u))
			break;
		if (rep[4] == 7) {
			out("fids: error ");
			outn(rep[7]);
			out("\n");
			break;
		}
	}
}

static void script(void)
{
	version(1u << 20);
	version(8192);
	attach(1, "uni0");
	attach(2, "uni1");
	attach(2, "uni00");
	attach(2, "other");
	WALK("walk file.txt", 1, 2, "file.txt", 0);
	lopen("lopen file.txt", 2, 0);
	rw("read file.txt", 2, 0);
	clunk(2);
	WALK("walk ..", 1, 3, "..", 0);
	WALK("walk sub/file.txt", 1, 3, "sub/file.txt", 0);
	WALK("walk sub,none", 1, 3, "sub", "none", 0);
	WALK("walk out,passwd", 1, 3, "out", "passwd", 0);
	WALK("walk out", 1, 3, "out", 0);
	lopen("lopen out", 3, 0);
	lcreate("lcreate out/x", 3, "x", 01, 0644);
	dirop("unlinkat out/passwd", 76, 3, "passwd", 0, 0);
	clunk(3);
	WALK("walk empty", 1, 4, "", 0);
	WALK("clone", 1, 4, 0);
	lcreate("lcreate ../escape", 4, "../escape", 01, 0644);
	lcreate("lcreate new.txt", 4, "new.txt", 01 | 01000, 0640);
	rw("write new.txt", 4, "persisted");
	clunk(4);
	WALK("clone", 1, 4, 0);
	lcreate("lcreate mode.txt", 4, "mode.txt", 00, 0651);
	clunk(4);
	dirop("mkdir d", 72, 1, "d", 0, 0755);
	dirop("mkdir ..", 72, 1, "..", 0, 0755);
	dirop("symlink s", 16, 1, "s", "/etc/passwd", 0);
	WALK("walk s", 1, 5, "s", 0);
	setattr("chmod s", 5, 0x1, 0600, 0, 0);
	lopen("lopen s", 5, 0);
	clunk(5);
	begin(74);
	p32(1);
	pstr("new.txt");
	p32(1);
	pstr("renamed.txt");
	ok(transact("renameat"), 75);
	WALK("walk renamed.txt", 1, 6, "renamed.txt", 0);
	dirop("link hard", 70, 1, "hard", 0, 6);
	setattr("truncate", 6, 0x8, 0, 4, 0);
	setattr("chmod", 6, 0x1, 0604, 0, 0);
	setattr("mtime", 6, 0x20 | 0x100, 0, 0, 1000000000);
	getattr("getattr", 6);
	begin(50);
	p32(6);
	p32(0);
	ok(transact("fsync"), 51);
	dirop("unlinkat d", 76, 1, "d", 0, 0x200);
	dirop("unlinkat sub", 76, 1, "sub", 0, 0x200);
	many_fids();
	malformed();
}

/* Random requests of every type the server knows, with random fields and sizes: each must get
 * a reply (the server neither crashes nor reads past a message), and a valid one after. */
static void fuzz(void)
{
	static const u8 types[] = { 100, 104, 110, 12, 14, 116, 118, 120, 50, 26, 76, 74, 72, 16, 70, 24, 40 };
	unsigned long x = 88172645463325252ul;
	unsigned sent = 0, replies = 0;
	version(8192);
	attach(1, "uni0");
	for (int i = 0; i < 3000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		begin(types[x % sizeof types]);
		unsigned len = (unsigned)(x >> 8) % 64;
		for (unsigned k = 0; k < len; k++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* Small numbers are fids and lengths that exist; the rest anything. */
			p8(x & 0x100 ? (unsigned)(x >> 24) % 4 : (unsigned)(x >> 32));
		}
		if (req[4] == 100)
			continue;   /* a random Tversion would end the session's fids, or the connection */
		for (int b = 0; b < 4; b++)
			req[b] = (u8)(rlen >> (8 * b));
		sys(SYS_WRITE, fd, (long)req, (long)rlen);
		sent++;
		if (!read_all(rep, 4) || !read_all(rep + 4, (rep[0] | rep[1] << 8 | rep[2] << 16) - 4u))
			break;
		replies++;
	}
	out(replies == sent ? "fuzz: every request answered\n" : "fuzz: a request got no answer\n");
	WALK("after fuzz", 1, 77, 0);
}

/* The last word of UNI_RUN_CMDLINE (the guest's argv). */
static const char *mode(char **envp)
{
	const char *m = "";
	for (; *envp; envp++) {
		const char *e = *envp, *k = "UNI_RUN_CMDLINE=";
		size_t i = 0;
		while (k[i] && e[i] == k[i])
			i++;
		if (k[i])
			continue;
		for (; e[i]; i++)
			if (e[i] == ' ')
				m = e + i + 1;
	}
	return m;
}

void cmain(long *sp);
void cmain(long *sp)
{
	char **envp = (char **)(sp + sp[0] + 2);
	for (char **e = envp; *e; e++) {
		const char *k = "UNI_RUN_VOL_FD=", *v = *e;
		size_t i = 0;
		while (k[i] && v[i] == k[i])
			i++;
		if (!k[i])
			for (fd = 0, v += i; *v >= '0' && *v <= '9'; v++)
				fd = fd * 10 + (*v - '0');
	}
	if (fd < 0) {
		out("no UNI_RUN_VOL_FD\n");
		sys(SYS_EXIT, 1, 0, 0);
	}
	const char *m = mode(envp);
	if (m[0] == 'k') {
		version(8192);
		attach(1, "uni0");
		lcreate("lcreate killed.txt", 1, "killed.txt", 01, 0644);
		rw("write killed.txt", 1, "before the kill");
		sys(SYS_KILL, sys(SYS_GETPID, 0, 0, 0), 9, 0);
	} else if (m[0] == 'f') {
		fuzz();
	} else if (m[0] == 'w') {
		char c;
		while (sys(SYS_READ, 0, (long)&c, 1) > 0)
			;
	} else {
		script();
	}
	sys(SYS_EXIT, 0, 0, 0);
}
