/* The list of NICs, whichever driver found them. Linked only into images that use sockets
 * (net/stack.c), and it links every platform's NIC driver with it: the bindings refer to them
 * weakly, so an image without sockets carries none. */
#include "uni/nic.h"
#include "uni/platform.h"
#include "uni/virtio.h"

void uni_host_nic_probe(void);
__attribute__((used)) static const void *const drivers[] = { &uni_vnet_driver, uni_host_nic_probe };

struct uni_nic *uni_nics;
static struct uni_nic **tail = &uni_nics;
static int count;

void uni_nic_register(struct uni_nic *nic)
{
	nic->index = count++;
	*tail = nic;
	tail = &nic->next;
}

int uni_nic_probe(void)
{
	uni_plat->nic_probe();
	return count;
}
