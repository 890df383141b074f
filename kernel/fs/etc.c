/* The default /etc, as a minimal Debian container has it: system users and groups, services,
 * protocols, nsswitch.conf, hosts and hostname. Each goes in only where the rootfs and the
 * volumes brought no file of that name, and the runtime remembers which files are its own,
 * so that a user's file is never replaced (net/config.c rewrites only the runtime's). */
#include <errno.h>
#include <string.h>
#include "uni/fs.h"
#include "uni/kmem.h"

/* Standard Debian names and numbers (base-passwd); the texts are uni's own. */
static const char passwd[] =
	"root:x:0:0:root:/root:/bin/sh\n"
	"daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"
	"bin:x:2:2:bin:/bin:/usr/sbin/nologin\n"
	"sys:x:3:3:sys:/dev:/usr/sbin/nologin\n"
	"sync:x:4:65534:sync:/bin:/bin/sync\n"
	"games:x:5:60:games:/usr/games:/usr/sbin/nologin\n"
	"man:x:6:12:man:/var/cache/man:/usr/sbin/nologin\n"
	"lp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\n"
	"mail:x:8:8:mail:/var/mail:/usr/sbin/nologin\n"
	"news:x:9:9:news:/var/spool/news:/usr/sbin/nologin\n"
	"uucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin\n"
	"proxy:x:13:13:proxy:/bin:/usr/sbin/nologin\n"
	"www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\n"
	"backup:x:34:34:backup:/var/backups:/usr/sbin/nologin\n"
	"list:x:38:38:mailing lists:/var/list:/usr/sbin/nologin\n"
	"irc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin\n"
	"_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\n"
	"nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";

static const char group[] =
	"root:x:0:\n" "daemon:x:1:\n" "bin:x:2:\n" "sys:x:3:\n" "adm:x:4:\n" "tty:x:5:\n"
	"disk:x:6:\n" "lp:x:7:\n" "mail:x:8:\n" "news:x:9:\n" "uucp:x:10:\n" "man:x:12:\n"
	"proxy:x:13:\n" "kmem:x:15:\n" "dialout:x:20:\n" "fax:x:21:\n" "voice:x:22:\n"
	"cdrom:x:24:\n" "floppy:x:25:\n" "tape:x:26:\n" "sudo:x:27:\n" "audio:x:29:\n"
	"dip:x:30:\n" "www-data:x:33:\n" "backup:x:34:\n" "operator:x:37:\n" "list:x:38:\n"
	"irc:x:39:\n" "src:x:40:\n" "shadow:x:42:\n" "utmp:x:43:\n" "video:x:44:\n"
	"sasl:x:45:\n" "plugdev:x:46:\n" "staff:x:50:\n" "games:x:60:\n" "users:x:100:\n"
	"nogroup:x:65534:\n";

/* Well-known ports (IANA numbers), the ones servers and clients look up by name. */
static const char services[] =
	"# Network services by name (getservbyname); uni's default /etc/services.\n"
	"tcpmux\t\t1/tcp\n"
	"echo\t\t7/tcp\n" "echo\t\t7/udp\n"
	"discard\t\t9/tcp\t\tsink null\n" "discard\t\t9/udp\t\tsink null\n"
	"systat\t\t11/tcp\t\tusers\n"
	"daytime\t\t13/tcp\n" "daytime\t\t13/udp\n"
	"netstat\t\t15/tcp\n"
	"qotd\t\t17/tcp\t\tquote\n"
	"chargen\t\t19/tcp\t\tttytst source\n" "chargen\t\t19/udp\t\tttytst source\n"
	"ftp-data\t20/tcp\n" "ftp\t\t21/tcp\n"
	"ssh\t\t22/tcp\n"
	"telnet\t\t23/tcp\n"
	"smtp\t\t25/tcp\t\tmail\n"
	"time\t\t37/tcp\t\ttimserver\n" "time\t\t37/udp\t\ttimserver\n"
	"whois\t\t43/tcp\t\tnicname\n"
	"tacacs\t\t49/tcp\n" "tacacs\t\t49/udp\n"
	"domain\t\t53/tcp\n" "domain\t\t53/udp\n"
	"bootps\t\t67/udp\n" "bootpc\t\t68/udp\n"
	"tftp\t\t69/udp\n"
	"gopher\t\t70/tcp\n"
	"finger\t\t79/tcp\n"
	"http\t\t80/tcp\t\twww\n" "http\t\t80/udp\n"
	"kerberos\t88/tcp\t\tkerberos5 krb5 kerberos-sec\n" "kerberos\t88/udp\t\tkerberos5 krb5 kerberos-sec\n"
	"iso-tsap\t102/tcp\t\ttsap\n"
	"pop3\t\t110/tcp\t\tpop-3\n"
	"sunrpc\t\t111/tcp\t\tportmapper\n" "sunrpc\t\t111/udp\t\tportmapper\n"
	"auth\t\t113/tcp\t\tauthentication tap ident\n"
	"nntp\t\t119/tcp\t\treadnews untp\n"
	"ntp\t\t123/udp\n"
	"epmap\t\t135/tcp\t\tloc-srv\n"
	"netbios-ns\t137/udp\n" "netbios-dgm\t138/udp\n" "netbios-ssn\t139/tcp\n"
	"imap2\t\t143/tcp\t\timap\n"
	"snmp\t\t161/tcp\n" "snmp\t\t161/udp\n"
	"snmp-trap\t162/tcp\t\tsnmptrap\n" "snmp-trap\t162/udp\t\tsnmptrap\n"
	"xdmcp\t\t177/udp\n"
	"bgp\t\t179/tcp\n"
	"irc\t\t194/tcp\n"
	"ldap\t\t389/tcp\n" "ldap\t\t389/udp\n"
	"https\t\t443/tcp\n" "https\t\t443/udp\n"
	"microsoft-ds\t445/tcp\n"
	"kpasswd\t\t464/tcp\n" "kpasswd\t\t464/udp\n"
	"submissions\t465/tcp\t\tssmtp smtps urd\n"
	"syslog\t\t514/udp\n"
	"printer\t\t515/tcp\t\tspooler\n"
	"submission\t587/tcp\n"
	"ipp\t\t631/tcp\n"
	"ldaps\t\t636/tcp\n" "ldaps\t\t636/udp\n"
	"rsync\t\t873/tcp\n"
	"ftps\t\t990/tcp\n"
	"imaps\t\t993/tcp\n"
	"pop3s\t\t995/tcp\n"
	"socks\t\t1080/tcp\n"
	"openvpn\t\t1194/tcp\n" "openvpn\t\t1194/udp\n"
	"ms-sql-s\t1433/tcp\n"
	"nfs\t\t2049/tcp\n" "nfs\t\t2049/udp\n"
	"mysql\t\t3306/tcp\n"
	"postgresql\t5432/tcp\t\tpostgres\n"
	"amqp\t\t5672/tcp\n"
	"x11\t\t6000/tcp\t\tx11-0\n"
	"http-alt\t8080/tcp\t\twebcache\n"
	"memcache\t11211/tcp\n" "memcache\t11211/udp\n";

/* IP protocol numbers (IANA). */
static const char protocols[] =
	"# Internet protocols by name (getprotobyname); uni's default /etc/protocols.\n"
	"ip\t0\tIP\n" "icmp\t1\tICMP\n" "igmp\t2\tIGMP\n" "ipencap\t4\tIP-ENCAP\n" "st\t5\tST\n"
	"tcp\t6\tTCP\n" "egp\t8\tEGP\n" "igp\t9\tIGP\n" "pup\t12\tPUP\n" "udp\t17\tUDP\n"
	"hmp\t20\tHMP\n" "xns-idp\t22\tXNS-IDP\n" "rdp\t27\tRDP\n" "iso-tp4\t29\tISO-TP4\n"
	"dccp\t33\tDCCP\n" "xtp\t36\tXTP\n" "ddp\t37\tDDP\n" "idpr-cmtp\t38\tIDPR-CMTP\n"
	"ipv6\t41\tIPv6\n" "ipv6-route\t43\tIPv6-Route\n" "ipv6-frag\t44\tIPv6-Frag\n"
	"idrp\t45\tIDRP\n" "rsvp\t46\tRSVP\n" "gre\t47\tGRE\n" "esp\t50\tIPSEC-ESP\n"
	"ah\t51\tIPSEC-AH\n" "skip\t57\tSKIP\n" "ipv6-icmp\t58\tIPv6-ICMP\n"
	"ipv6-nonxt\t59\tIPv6-NoNxt\n" "ipv6-opts\t60\tIPv6-Opts\n" "rspf\t73\tRSPF\n"
	"vmtp\t81\tVMTP\n" "eigrp\t88\tEIGRP\n" "ospf\t89\tOSPFIGP\n" "ax.25\t93\tAX.25\n"
	"ipip\t94\tIPIP\n" "etherip\t97\tETHERIP\n" "encap\t98\tENCAP\n" "pim\t103\tPIM\n"
	"ipcomp\t108\tIPCOMP\n" "vrrp\t112\tVRRP\n" "l2tp\t115\tL2TP\n" "isis\t124\tISIS\n"
	"sctp\t132\tSCTP\n" "fc\t133\tFC\n" "mobility-header\t135\tMobility-Header\n"
	"udplite\t136\tUDPLite\n" "mpls-in-ip\t137\tMPLS-in-IP\n" "manet\t138\n" "hip\t139\tHIP\n"
	"shim6\t140\tShim6\n" "wesp\t141\tWESP\n" "rohc\t142\tROHC\n" "ethernet\t143\tEthernet\n";

static const char nsswitch[] =
	"# Where lookups go; uni's default (musl reads the files and DNS directly).\n"
	"passwd:\t\tfiles\n" "group:\t\tfiles\n" "shadow:\t\tfiles\n" "hosts:\t\tfiles dns\n"
	"networks:\tfiles\n" "protocols:\tfiles\n" "services:\tfiles\n" "ethers:\t\tfiles\n"
	"rpc:\t\tfiles\n";

/* The hostname is uname's nodename; 127.0.1.1 names it until the network has an address. */
static const char hosts[] =
	"127.0.0.1\tlocalhost\n"
	"127.0.1.1\tuni\n"
	"::1\tlocalhost ip6-localhost ip6-loopback\n"
	"ff02::1\tip6-allnodes\n"
	"ff02::2\tip6-allrouters\n";

static const char hostname[] = "uni\n";

/* The files the runtime put in /etc, and the text each still holds. */
static struct {
	const char *name;
	const unsigned char *text;
	size_t len;
	int heap;   /* text is a uni_kalloc copy */
} own[12];

/* The runtime's record of /etc/name, or -1. */
static int owned_slot(const char *name)
{
	for (int i = 0; i < (int)(sizeof own / sizeof *own); i++)
		if (own[i].name && !strcmp(own[i].name, name))
			return i;
	return -1;
}

int uni_etc_install(const char *name, const char *text, int copy)
{
	struct uni_inode *etc = uni_mkdir_p("/etc", 0755);
	if (!etc)
		return -ENOMEM;
	size_t nlen = strlen(name), len = strlen(text);
	struct uni_inode *n = uni_dir_lookup(etc, name, nlen);
	int slot = owned_slot(name);
	/* Ours only while it is the same file, never written: its bytes are still our text. */
	if (n && (slot < 0 || !S_ISREG(n->mode) || n->u.data.base != own[slot].text ||
		  n->u.data.allocated || n->size != own[slot].len))
		return -EEXIST;
	if (slot < 0) {
		for (slot = 0; slot < (int)(sizeof own / sizeof *own) && own[slot].name; slot++)
			;
		if (slot == (int)(sizeof own / sizeof *own))
			return -ENOMEM;
	}
	const unsigned char *bytes = (const unsigned char *)text;
	if (copy) {
		unsigned char *c = uni_kalloc(len + 1);
		if (!c)
			return -ENOMEM;
		memcpy(c, text, len);
		bytes = c;
	}
	if (!n) {
		n = uni_inode_new(S_IFREG | 0644);
		if (!n || uni_dir_link(etc, name, nlen, n)) {
			if (copy)
				uni_kfree((void *)bytes, len + 1);
			return -ENOMEM;
		}
	} else if (own[slot].heap) {
		uni_kfree((void *)own[slot].text, own[slot].len + 1);
	}
	n->u.data.base = bytes;
	n->u.data.base_len = n->size = len;
	uni_inode_touch(n, UNI_T_M | UNI_T_C);
	own[slot].name = name;
	own[slot].text = bytes;
	own[slot].len = len;
	own[slot].heap = copy;
	return 0;
}

void uni_etc_populate(void)
{
	static const struct { const char *name, *text; } files[] = {
		{ "passwd", passwd }, { "group", group }, { "services", services },
		{ "protocols", protocols }, { "nsswitch.conf", nsswitch }, { "hosts", hosts },
		{ "hostname", hostname },
	};
	for (size_t i = 0; i < sizeof files / sizeof *files; i++)
		uni_etc_install(files[i].name, files[i].text, 0);
}
