/** Small text helpers shared by the profile validator and the QMP client (typo suggestions). */
package io.kvmctl.text;
