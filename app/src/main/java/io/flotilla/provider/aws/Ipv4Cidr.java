package io.flotilla.provider.aws;

/** An IPv4 address range, e.g. {@code 10.64.0.0/16}, and the subnets it splits into. */
public record Ipv4Cidr(long base, int prefix) {
    /** Parses {@code a.b.c.d/n}; IllegalArgumentException with a sentence otherwise (host bits must be zero). */
    public static Ipv4Cidr parse(String text) {
        String[] parts = text.split("/", -1);
        String[] octets = parts[0].split("\\.", -1);
        if (parts.length != 2 || octets.length != 4) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 range such as 10.64.0.0/16.");
        }
        try {
            long base = 0;
            for (String octet : octets) {
                int value = Integer.parseInt(octet);
                if (value < 0 || value > 255 || octet.length() > 3) {
                    throw new NumberFormatException(octet);
                }
                base = (base << 8) | value;
            }
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > 32) {
                throw new NumberFormatException(parts[1]);
            }
            if ((base & ~mask(prefix)) != 0) {
                throw new IllegalArgumentException("'" + text + "' has host bits set; did you mean "
                        + new Ipv4Cidr(base & mask(prefix), prefix) + "?");
            }
            return new Ipv4Cidr(base, prefix);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not an IPv4 range such as 10.64.0.0/16.", e);
        }
    }

    /** Fails with a sentence unless {@code count} subnets of {@code subnetPrefix} fit (EC2 VPCs are /16 to /28). */
    public void checkRoomFor(int count, int subnetPrefix) {
        if (subnetPrefix - bits(count) < 16) {
            throw new IllegalArgumentException(count + " zones are more zones than a VPC (at most /16) holds subnets of /"
                    + subnetPrefix + ".");
        }
        if (prefix < 16 || prefix > subnetPrefix || (1L << (subnetPrefix - prefix)) < count) {
            throw new IllegalArgumentException("The range " + this + " cannot hold " + count + " subnets of /" + subnetPrefix
                    + " (one per availability zone); use a range between /16 and /" + (subnetPrefix - bits(count)) + ".");
        }
    }

    /** The {@code index}-th subnet of the given prefix inside this range. */
    public Ipv4Cidr subnet(int index, int subnetPrefix) {
        return new Ipv4Cidr(base + ((long) index << (32 - subnetPrefix)), subnetPrefix);
    }

    @Override
    public String toString() {
        return ((base >> 24) & 255) + "." + ((base >> 16) & 255) + "." + ((base >> 8) & 255) + "." + (base & 255) + "/" + prefix;
    }

    private static long mask(int prefix) {
        return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
    }

    private static int bits(int count) {
        return count <= 1 ? 0 : 32 - Integer.numberOfLeadingZeros(count - 1);
    }
}
