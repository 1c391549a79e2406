package io.kvmctl.net;

/**
 * A tap kvmctl created for a NIC. The ifindex tells "our" tap from a later one that reuses the name, so cleanup
 * never removes an interface kvmctl did not make.
 *
 * @param bridge the bridge it was attached to, or null
 */
public record CreatedTap(String nicId, String name, int ifindex, String bridge) {}
