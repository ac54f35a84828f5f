/**
 * The domain's front door: {@link io.linkmesh.domain.service.LinkMeshDomain} builds the domain from
 * its outbound ports and hands out its jobs as {@code port.in} interfaces. The services behind them
 * live in {@code io.linkmesh.domain.internal}.
 */
@NullMarked
package io.linkmesh.domain.service;

import org.jspecify.annotations.NullMarked;
