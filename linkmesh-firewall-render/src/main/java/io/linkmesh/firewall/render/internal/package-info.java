/** Internal to linkmesh-firewall-render; not API. The renderings behind {@code FirewallFormat}. */
@NullMarked
package io.linkmesh.firewall.render.internal;

import org.jspecify.annotations.NullMarked;
