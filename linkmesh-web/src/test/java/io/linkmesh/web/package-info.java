@NullMarked
package io.linkmesh.web;

import org.jspecify.annotations.NullMarked;
