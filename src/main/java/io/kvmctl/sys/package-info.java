/**
 * The one native layer: every restricted Foreign Function &amp; Memory call of kvmctl (downcall handles, symbol
 * lookup, {@code reinterpret}) lives here, behind small typed methods. Each class suppresses the
 * {@code restricted} lint warning; the rest of the code base compiles with {@code -Werror} and cannot make such
 * calls without the build failing. Failures surface as {@link io.kvmctl.sys.SysCallException}.
 */
package io.kvmctl.sys;
