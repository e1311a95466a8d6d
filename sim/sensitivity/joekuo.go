package sensitivity

// joeKuo holds Joe and Kuo's direction numbers for dimensions 2 to 128 of
// the Sobol' sequence: the first 127 rows of their file new-joe-kuo-6.21201
// (S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
// two-dimensional projections", SIAM J. Sci. Comput. 30:2635–2654, 2008).
// Each row is one dimension's primitive polynomial over GF(2), of degree
// s = len(m) with inner coefficients the bits of a (the highest bit is the
// coefficient of x^(s-1)), and its initial direction numbers m_1 … m_s. The
// rows are in the file's order: every primitive polynomial by degree, then
// by a. TestJoeKuoTable checks that order and the numbers' constraints.
//
// The direction numbers are redistributed under this licence:
//
//	Copyright (c) 2008, Frances Y. Kuo and Stephen Joe
//	All rights reserved.
//
//	Redistribution and use in source and binary forms, with or without
//	modification, are permitted provided that the following conditions are met:
//
//	    * Redistributions of source code must retain the above copyright
//	      notice, this list of conditions and the following disclaimer.
//
//	    * Redistributions in binary form must reproduce the above copyright
//	      notice, this list of conditions and the following disclaimer in the
//	      documentation and/or other materials provided with the distribution.
//
//	    * Neither the names of the copyright holders nor the names of the
//	      University of New South Wales and the University of Waikato
//	      and its contributors may be used to endorse or promote products derived
//	      from this software without specific prior written permission.
//
//	THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS ``AS IS'' AND ANY
//	EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
//	WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
//	DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT HOLDERS BE LIABLE FOR ANY
//	DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES
//	(INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES;
//	LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND
//	ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
//	(INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
//	SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
var joeKuo = [...]struct {
	a uint32
	m []uint32
}{
	// {a, m_1 … m_s}, // dimension
	{0, []uint32{1}},                                        // 2
	{1, []uint32{1, 3}},                                     // 3
	{1, []uint32{1, 3, 1}},                                  // 4
	{2, []uint32{1, 1, 1}},                                  // 5
	{1, []uint32{1, 1, 3, 3}},                               // 6
	{4, []uint32{1, 3, 5, 13}},                              // 7
	{2, []uint32{1, 1, 5, 5, 17}},                           // 8
	{4, []uint32{1, 1, 5, 5, 5}},                            // 9
	{7, []uint32{1, 1, 7, 11, 19}},                          // 10
	{11, []uint32{1, 1, 5, 1, 1}},                           // 11
	{13, []uint32{1, 1, 1, 3, 11}},                          // 12
	{14, []uint32{1, 3, 5, 5, 31}},                          // 13
	{1, []uint32{1, 3, 3, 9, 7, 49}},                        // 14
	{13, []uint32{1, 1, 1, 15, 21, 21}},                     // 15
	{16, []uint32{1, 3, 1, 13, 27, 49}},                     // 16
	{19, []uint32{1, 1, 1, 15, 7, 5}},                       // 17
	{22, []uint32{1, 3, 1, 15, 13, 25}},                     // 18
	{25, []uint32{1, 1, 5, 5, 19, 61}},                      // 19
	{1, []uint32{1, 3, 7, 11, 23, 15, 103}},                 // 20
	{4, []uint32{1, 3, 7, 13, 13, 15, 69}},                  // 21
	{7, []uint32{1, 1, 3, 13, 7, 35, 63}},                   // 22
	{8, []uint32{1, 3, 5, 9, 1, 25, 53}},                    // 23
	{14, []uint32{1, 3, 1, 13, 9, 35, 107}},                 // 24
	{19, []uint32{1, 3, 1, 5, 27, 61, 31}},                  // 25
	{21, []uint32{1, 1, 5, 11, 19, 41, 61}},                 // 26
	{28, []uint32{1, 3, 5, 3, 3, 13, 69}},                   // 27
	{31, []uint32{1, 1, 7, 13, 1, 19, 1}},                   // 28
	{32, []uint32{1, 3, 7, 5, 13, 19, 59}},                  // 29
	{37, []uint32{1, 1, 3, 9, 25, 29, 41}},                  // 30
	{41, []uint32{1, 3, 5, 13, 23, 1, 55}},                  // 31
	{42, []uint32{1, 3, 7, 3, 13, 59, 17}},                  // 32
	{50, []uint32{1, 3, 1, 3, 5, 53, 69}},                   // 33
	{55, []uint32{1, 1, 5, 5, 23, 33, 13}},                  // 34
	{56, []uint32{1, 1, 7, 7, 1, 61, 123}},                  // 35
	{59, []uint32{1, 1, 7, 9, 13, 61, 49}},                  // 36
	{62, []uint32{1, 3, 3, 5, 3, 55, 33}},                   // 37
	{14, []uint32{1, 3, 1, 15, 31, 13, 49, 245}},            // 38
	{21, []uint32{1, 3, 5, 15, 31, 59, 63, 97}},             // 39
	{22, []uint32{1, 3, 1, 11, 11, 11, 77, 249}},            // 40
	{38, []uint32{1, 3, 1, 11, 27, 43, 71, 9}},              // 41
	{47, []uint32{1, 1, 7, 15, 21, 11, 81, 45}},             // 42
	{49, []uint32{1, 3, 7, 3, 25, 31, 65, 79}},              // 43
	{50, []uint32{1, 3, 1, 1, 19, 11, 3, 205}},              // 44
	{52, []uint32{1, 1, 5, 9, 19, 21, 29, 157}},             // 45
	{56, []uint32{1, 3, 7, 11, 1, 33, 89, 185}},             // 46
	{67, []uint32{1, 3, 3, 3, 15, 9, 79, 71}},               // 47
	{70, []uint32{1, 3, 7, 11, 15, 39, 119, 27}},            // 48
	{84, []uint32{1, 1, 3, 1, 11, 31, 97, 225}},             // 49
	{97, []uint32{1, 1, 1, 3, 23, 43, 57, 177}},             // 50
	{103, []uint32{1, 3, 7, 7, 17, 17, 37, 71}},             // 51
	{115, []uint32{1, 3, 1, 5, 27, 63, 123, 213}},           // 52
	{122, []uint32{1, 1, 3, 5, 11, 43, 53, 133}},            // 53
	{8, []uint32{1, 3, 5, 5, 29, 17, 47, 173, 479}},         // 54
	{13, []uint32{1, 3, 3, 11, 3, 1, 109, 9, 69}},           // 55
	{16, []uint32{1, 1, 1, 5, 17, 39, 23, 5, 343}},          // 56
	{22, []uint32{1, 3, 1, 5, 25, 15, 31, 103, 499}},        // 57
	{25, []uint32{1, 1, 1, 11, 11, 17, 63, 105, 183}},       // 58
	{44, []uint32{1, 1, 5, 11, 9, 29, 97, 231, 363}},        // 59
	{47, []uint32{1, 1, 5, 15, 19, 45, 41, 7, 383}},         // 60
	{52, []uint32{1, 3, 7, 7, 31, 19, 83, 137, 221}},        // 61
	{55, []uint32{1, 1, 1, 3, 23, 15, 111, 223, 83}},        // 62
	{59, []uint32{1, 1, 5, 13, 31, 15, 55, 25, 161}},        // 63
	{62, []uint32{1, 1, 3, 13, 25, 47, 39, 87, 257}},        // 64
	{67, []uint32{1, 1, 1, 11, 21, 53, 125, 249, 293}},      // 65
	{74, []uint32{1, 1, 7, 11, 11, 7, 57, 79, 323}},         // 66
	{81, []uint32{1, 1, 5, 5, 17, 13, 81, 3, 131}},          // 67
	{82, []uint32{1, 1, 7, 13, 23, 7, 65, 251, 475}},        // 68
	{87, []uint32{1, 3, 5, 1, 9, 43, 3, 149, 11}},           // 69
	{91, []uint32{1, 1, 3, 13, 31, 13, 13, 255, 487}},       // 70
	{94, []uint32{1, 3, 3, 1, 5, 63, 89, 91, 127}},          // 71
	{103, []uint32{1, 1, 3, 3, 1, 19, 123, 127, 237}},       // 72
	{104, []uint32{1, 1, 5, 7, 23, 31, 37, 243, 289}},       // 73
	{109, []uint32{1, 1, 5, 11, 17, 53, 117, 183, 491}},     // 74
	{122, []uint32{1, 1, 1, 5, 1, 13, 13, 209, 345}},        // 75
	{124, []uint32{1, 1, 3, 15, 1, 57, 115, 7, 33}},         // 76
	{137, []uint32{1, 3, 1, 11, 7, 43, 81, 207, 175}},       // 77
	{138, []uint32{1, 3, 1, 1, 15, 27, 63, 255, 49}},        // 78
	{143, []uint32{1, 3, 5, 3, 27, 61, 105, 171, 305}},      // 79
	{145, []uint32{1, 1, 5, 3, 1, 3, 57, 249, 149}},         // 80
	{152, []uint32{1, 1, 3, 5, 5, 57, 15, 13, 159}},         // 81
	{157, []uint32{1, 1, 1, 11, 7, 11, 105, 141, 225}},      // 82
	{167, []uint32{1, 3, 3, 5, 27, 59, 121, 101, 271}},      // 83
	{173, []uint32{1, 3, 5, 9, 11, 49, 51, 59, 115}},        // 84
	{176, []uint32{1, 1, 7, 1, 23, 45, 125, 71, 419}},       // 85
	{181, []uint32{1, 1, 3, 5, 23, 5, 105, 109, 75}},        // 86
	{182, []uint32{1, 1, 7, 15, 7, 11, 67, 121, 453}},       // 87
	{185, []uint32{1, 3, 7, 3, 9, 13, 31, 27, 449}},         // 88
	{191, []uint32{1, 3, 1, 15, 19, 39, 39, 89, 15}},        // 89
	{194, []uint32{1, 1, 1, 1, 1, 33, 73, 145, 379}},        // 90
	{199, []uint32{1, 3, 1, 15, 15, 43, 29, 13, 483}},       // 91
	{218, []uint32{1, 1, 7, 3, 19, 27, 85, 131, 431}},       // 92
	{220, []uint32{1, 3, 3, 3, 5, 35, 23, 195, 349}},        // 93
	{227, []uint32{1, 3, 3, 7, 9, 27, 39, 59, 297}},         // 94
	{229, []uint32{1, 1, 3, 9, 11, 17, 13, 241, 157}},       // 95
	{230, []uint32{1, 3, 7, 15, 25, 57, 33, 189, 213}},      // 96
	{234, []uint32{1, 1, 7, 1, 9, 55, 73, 83, 217}},         // 97
	{236, []uint32{1, 3, 3, 13, 19, 27, 23, 113, 249}},      // 98
	{241, []uint32{1, 3, 5, 3, 23, 43, 3, 253, 479}},        // 99
	{244, []uint32{1, 1, 5, 5, 11, 5, 45, 117, 217}},        // 100
	{253, []uint32{1, 3, 3, 7, 29, 37, 33, 123, 147}},       // 101
	{4, []uint32{1, 3, 1, 15, 5, 5, 37, 227, 223, 459}},     // 102
	{13, []uint32{1, 1, 7, 5, 5, 39, 63, 255, 135, 487}},    // 103
	{19, []uint32{1, 3, 1, 7, 9, 7, 87, 249, 217, 599}},     // 104
	{22, []uint32{1, 1, 3, 13, 9, 47, 7, 225, 363, 247}},    // 105
	{50, []uint32{1, 3, 7, 13, 19, 13, 9, 67, 9, 737}},      // 106
	{55, []uint32{1, 3, 5, 5, 19, 59, 7, 41, 319, 677}},     // 107
	{64, []uint32{1, 1, 5, 3, 31, 63, 15, 43, 207, 789}},    // 108
	{69, []uint32{1, 1, 7, 9, 13, 39, 3, 47, 497, 169}},     // 109
	{98, []uint32{1, 3, 1, 7, 21, 17, 97, 19, 415, 905}},    // 110
	{107, []uint32{1, 3, 7, 1, 3, 31, 71, 111, 165, 127}},   // 111
	{115, []uint32{1, 1, 5, 11, 1, 61, 83, 119, 203, 847}},  // 112
	{121, []uint32{1, 3, 3, 13, 9, 61, 19, 97, 47, 35}},     // 113
	{127, []uint32{1, 1, 7, 7, 15, 29, 63, 95, 417, 469}},   // 114
	{134, []uint32{1, 3, 1, 9, 25, 9, 71, 57, 213, 385}},    // 115
	{140, []uint32{1, 3, 5, 13, 31, 47, 101, 57, 39, 341}},  // 116
	{145, []uint32{1, 1, 3, 3, 31, 57, 125, 173, 365, 551}}, // 117
	{152, []uint32{1, 3, 7, 1, 13, 57, 67, 157, 451, 707}},  // 118
	{158, []uint32{1, 1, 1, 7, 21, 13, 105, 89, 429, 965}},  // 119
	{161, []uint32{1, 1, 5, 9, 17, 51, 45, 119, 157, 141}},  // 120
	{171, []uint32{1, 3, 7, 7, 13, 45, 91, 9, 129, 741}},    // 121
	{181, []uint32{1, 3, 7, 1, 23, 57, 67, 141, 151, 571}},  // 122
	{194, []uint32{1, 1, 3, 11, 17, 47, 93, 107, 375, 157}}, // 123
	{199, []uint32{1, 3, 3, 5, 11, 21, 43, 51, 169, 915}},   // 124
	{203, []uint32{1, 1, 5, 3, 15, 55, 101, 67, 455, 625}},  // 125
	{208, []uint32{1, 3, 5, 9, 1, 23, 29, 47, 345, 595}},    // 126
	{227, []uint32{1, 3, 7, 7, 5, 49, 29, 155, 323, 589}},   // 127
	{242, []uint32{1, 3, 3, 7, 5, 41, 127, 61, 261, 717}},   // 128
}
