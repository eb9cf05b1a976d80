// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: building the netlink messages of the "hvpart" family.
 */
#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/pid.h>
#include <linux/pid_namespace.h>
#include <net/genetlink.h>

#include "hvpart_fake_kvm.h"

/* A reader in the initial namespaces. */
static const struct hvpart_nl_reader hvpart_nl_test_reader = {
	.user_ns = &init_user_ns,
	.pid_ns = &init_pid_ns,
};

static struct hvpart_partition *hvpart_nl_test_partition(struct kunit *test)
{
	struct hvpart_partition *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	p->id = 0x123456789aULL;
	p->state = HVPART_STATE_INITIALIZED;
	p->args.flags = HVPART_PARTITION_CREATION_FLAG_LAPIC_ENABLED;
	p->args.compatibility_version = HVPART_COMPATIBILITY_21H2;
	p->args.proximity_domain_id = 3;
	p->args.proximity_flags = HVPART_PROXIMITY_FLAG_INFO_VALID;
	p->cpu.disabled[0] = 1ULL << 4;
	p->cpu.disabled[1] = 1ULL << 63;
	p->cpu.disabled[HVC_BANK_XSAVE] = 1ULL << 2;
	p->owner = KUIDT_INIT(1000);
	/* The test thread's: it lives as long as the test, no reference needed. */
	p->creator = task_tgid(current);
	/* Only its presence is read: "vm-attached". */
	p->vm = kunit_kzalloc(test, sizeof(*p->vm), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p->vm);
	p->created_ns = 1700000000123456789ULL;
	p->node = NUMA_NO_NODE;
	return p;
}

static void hvpart_nl_fill_attributes(struct kunit *test)
{
	struct hvpart_partition *p = hvpart_nl_test_partition(test);
	struct nlattr *tb[HVPART_A_PARTITION_MAX + 1];
	struct genlmsghdr *genl;
	struct nlmsghdr *nlh;
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, hvpart_nl_fill(skb, p, &hvpart_nl_test_reader, 7, 9, 0,
					     HVPART_CMD_PARTITION_STATE_NTF), 0);

	nlh = nlmsg_hdr(skb);
	KUNIT_EXPECT_EQ(test, nlh->nlmsg_seq, 9U);
	KUNIT_EXPECT_EQ(test, nlh->nlmsg_pid, 7U);
	genl = nlmsg_data(nlh);
	KUNIT_EXPECT_EQ(test, genl->cmd, HVPART_CMD_PARTITION_STATE_NTF);
	KUNIT_EXPECT_EQ(test, genl->version, HVPART_GENL_VERSION);
	KUNIT_ASSERT_EQ(test, nlmsg_parse(nlh, GENL_HDRLEN, tb,
					  HVPART_A_PARTITION_MAX, NULL, NULL), 0);

	KUNIT_ASSERT_NOT_NULL(test, tb[HVPART_A_PARTITION_ID]);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[HVPART_A_PARTITION_ID]), p->id);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[HVPART_A_PARTITION_STATE]),
			(u32)HVPART_PARTITION_STATE_INITIALIZED);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[HVPART_A_PARTITION_FLAGS]),
			p->args.flags);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[HVPART_A_PARTITION_COMPAT_VERSION]),
			(u32)HVPART_COMPATIBILITY_21H2);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[HVPART_A_PARTITION_PROXIMITY_DOMAIN]),
			3U);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[HVPART_A_PARTITION_PROXIMITY_FLAGS]),
			HVPART_PROXIMITY_FLAG_INFO_VALID);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[HVPART_A_PARTITION_DISABLED_FEATURES0]),
			1ULL << 4);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[HVPART_A_PARTITION_DISABLED_FEATURES1]),
			1ULL << 63);
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[HVPART_A_PARTITION_DISABLED_XSAVE]),
			1ULL << 2);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[HVPART_A_PARTITION_OWNER_UID]), 1000U);
	KUNIT_EXPECT_EQ(test, nla_get_u32(tb[HVPART_A_PARTITION_CREATOR_PID]),
			(u32)pid_nr(p->creator));
	KUNIT_EXPECT_EQ(test, nla_get_u64(tb[HVPART_A_PARTITION_CREATE_TIME]),
			p->created_ns);
	KUNIT_EXPECT_EQ(test, nla_get_s32(tb[HVPART_A_PARTITION_NUMA_NODE]), -1);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[HVPART_A_PARTITION_VM_ATTACHED]), 1);
	/* 64-bit attributes are 8-byte aligned in the message. */
	KUNIT_EXPECT_EQ(test, (unsigned long)nla_data(tb[HVPART_A_PARTITION_ID]) % 8,
			0UL);
	nlmsg_free(skb);
}

static void hvpart_nl_fill_states(struct kunit *test)
{
	static const u32 expect[] = {
		[HVPART_STATE_CREATED] = HVPART_PARTITION_STATE_CREATED,
		[HVPART_STATE_INITIALIZED] = HVPART_PARTITION_STATE_INITIALIZED,
		[HVPART_STATE_FINALIZED] = HVPART_PARTITION_STATE_FINALIZED,
		[HVPART_STATE_DELETED] = HVPART_PARTITION_STATE_DELETED,
	};
	struct hvpart_partition *p = hvpart_nl_test_partition(test);
	struct nlattr *tb[HVPART_A_PARTITION_MAX + 1];
	struct sk_buff *skb;
	unsigned int s;

	for (s = 0; s < ARRAY_SIZE(expect); s++) {
		p->state = s;
		skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, skb);
		KUNIT_ASSERT_EQ(test, hvpart_nl_fill(skb, p, &hvpart_nl_test_reader, 0, 0, 0,
				HVPART_CMD_PARTITION_GET), 0);
		KUNIT_ASSERT_EQ(test, nlmsg_parse(nlmsg_hdr(skb), GENL_HDRLEN, tb,
						  HVPART_A_PARTITION_MAX, NULL,
						  NULL), 0);
		KUNIT_EXPECT_EQ(test, nla_get_u32(tb[HVPART_A_PARTITION_STATE]),
				expect[s]);
		/* vm-attached says whether it holds a VM, whatever its state. */
		KUNIT_EXPECT_EQ(test, nla_get_u8(tb[HVPART_A_PARTITION_VM_ATTACHED]),
				1);
		nlmsg_free(skb);
	}

	/* Initialized, its VM gone with the file it was bound through. */
	p->state = HVPART_STATE_INITIALIZED;
	p->vm = NULL;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, hvpart_nl_fill(skb, p, &hvpart_nl_test_reader, 0, 0, 0,
					     HVPART_CMD_PARTITION_GET), 0);
	KUNIT_ASSERT_EQ(test, nlmsg_parse(nlmsg_hdr(skb), GENL_HDRLEN, tb,
					  HVPART_A_PARTITION_MAX, NULL, NULL), 0);
	KUNIT_EXPECT_EQ(test, nla_get_u8(tb[HVPART_A_PARTITION_VM_ATTACHED]), 0);
	nlmsg_free(skb);
}

/* A full buffer is refused and left as it was. */
static void hvpart_nl_fill_full(struct kunit *test)
{
	struct hvpart_partition *p = hvpart_nl_test_partition(test);
	struct sk_buff *skb = alloc_skb(NLMSG_GOODSIZE, GFP_KERNEL);
	unsigned int len;

	KUNIT_ASSERT_NOT_NULL(test, skb);
	/* Leave room for the headers and a few attributes, not all. */
	skb_put(skb, skb_tailroom(skb) - 96);
	len = skb->len;
	KUNIT_EXPECT_EQ(test, hvpart_nl_fill(skb, p, &hvpart_nl_test_reader, 0, 0, 0,
					     HVPART_CMD_PARTITION_GET), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, skb->len, len);
	kfree_skb(skb);
}

/*
 * Events go to every listener at once, whatever its namespaces: they name
 * neither the owner nor the creator.
 */
static void hvpart_nl_fill_identities(struct kunit *test)
{
	struct hvpart_partition *p = hvpart_nl_test_partition(test);
	struct nlattr *tb[HVPART_A_PARTITION_MAX + 1];
	struct sk_buff *skb;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, skb);
	KUNIT_ASSERT_EQ(test, hvpart_nl_fill(skb, p, NULL, 0, 0, 0,
					     HVPART_CMD_PARTITION_CREATE_NTF), 0);
	KUNIT_ASSERT_EQ(test, nlmsg_parse(nlmsg_hdr(skb), GENL_HDRLEN, tb,
					  HVPART_A_PARTITION_MAX, NULL, NULL), 0);
	KUNIT_EXPECT_NULL(test, tb[HVPART_A_PARTITION_OWNER_UID]);
	KUNIT_EXPECT_NULL(test, tb[HVPART_A_PARTITION_CREATOR_PID]);
	KUNIT_EXPECT_NOT_NULL(test, tb[HVPART_A_PARTITION_ID]);
	KUNIT_EXPECT_NOT_NULL(test, tb[HVPART_A_PARTITION_STATE]);
	nlmsg_free(skb);
}

static struct kunit_case hvpart_netlink_cases[] = {
	KUNIT_CASE(hvpart_nl_fill_attributes),
	KUNIT_CASE(hvpart_nl_fill_states),
	KUNIT_CASE(hvpart_nl_fill_full),
	KUNIT_CASE(hvpart_nl_fill_identities),
	{}
};

static struct kunit_suite hvpart_netlink_suite = {
	.name = "hvpart_netlink",
	.test_cases = hvpart_netlink_cases,
};

kunit_test_suites(&hvpart_netlink_suite);
