/**
 * Renderings of a {@link io.linkmesh.domain.connectivity.FirewallReport}: JSON-ready records for
 * the REST layer, and text an operator reads or applies (Markdown, CSV, nftables, iptables,
 * Kubernetes NetworkPolicy), each headed by the deployment and revision it came from.
 */
@NullMarked
package io.linkmesh.firewall.render;

import org.jspecify.annotations.NullMarked;
