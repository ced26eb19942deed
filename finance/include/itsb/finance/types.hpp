#pragma once
// Names for what a number means, so a signature reads like a term sheet.

namespace itsb::finance {

using Money = double;  //!< an amount of the scenario's currency
using Rate = double;   //!< a decimal rate per year (0.045 = 4.5 %)
using Year = int;      //!< a programme year: 0 is the start date, k the k-th year after it
using Time = double;   //!< a year fraction

}  // namespace itsb::finance
